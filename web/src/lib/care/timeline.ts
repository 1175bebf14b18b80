// Pure helpers of the timeline: read-receipt and acknowledgement texts, which live
// notifications concern a person's timeline, merging a reloaded first page into the list, and
// the filters kept in the address.
import type { Post, ReadState, TimelineQuery } from '@/api/careTypes';
import type { Notification } from '@/api/types';

type T = (key: string, params?: Record<string, unknown>) => string;

/** "既読 2/3" — the members other than the author who have read the post, of all of them. */
export function readReceiptText(read: ReadState, t: T): string {
  return t('care.timeline.readCount', { n: read.count, m: read.total });
}

/** "確認 1/3", or "確認済み" when everyone has acknowledged. */
export function ackText(ack: ReadState, t: T): string {
  if (ack.total > 0 && ack.count >= ack.total) return t('care.timeline.ackAll', { n: ack.count, m: ack.total });
  return t('care.timeline.ackCount', { n: ack.count, m: ack.total });
}

/** The read state after the caller has read a post they did not write. */
export function markedRead(read: ReadState, isAuthor: boolean): ReadState {
  if (read.by_me) return read;
  return { count: isAuthor ? read.count : Math.min(read.total, read.count + 1), total: read.total, by_me: true };
}

/** Posts the caller has not read yet, to mark read once they are shown. */
export function unreadPostIds(posts: readonly Post[]): string[] {
  return posts.filter((p) => !p.read.by_me && !p.deleted).map((p) => p.id);
}

/**
 * True when an in-app link points into this person's timeline: `/persons/{id}`,
 * `/persons/{id}/timeline` or a post under it (with any query or fragment).
 */
export function linksToTimelineOf(link: string | null | undefined, personId: string): boolean {
  if (!link || !link.startsWith('/')) return false;
  const path = link.split(/[?#]/, 1)[0] ?? '';
  const base = `/persons/${encodeURIComponent(personId)}`;
  const alt = `/persons/${personId}`;
  for (const b of new Set([base, alt])) {
    if (path === b || path === `${b}/` || path === `${b}/timeline` || path.startsWith(`${b}/timeline/`)) return true;
  }
  return false;
}

/** A live notification that should refresh this person's timeline. */
export function concernsTimelineOf(n: Pick<Notification, 'kind' | 'link' | 'person_id'>, personId: string): boolean {
  if (linksToTimelineOf(n.link, personId)) return true;
  return n.person_id === personId && n.kind.startsWith('timeline.');
}

/**
 * The list after reloading its first page: posts of the page replace the ones shown with the same
 * id, new ones go on top (newest first), and the older pages already loaded stay. Returns the
 * ids that were not shown before.
 */
export function mergeFirstPage(current: readonly Post[], page: readonly Post[]): { items: Post[]; added: string[] } {
  const fresh = new Map(page.map((p) => [p.id, p]));
  const known = new Set(current.map((p) => p.id));
  const added = page.filter((p) => !known.has(p.id));
  const updated = current.map((p) => fresh.get(p.id) ?? p);
  const items = [...added, ...updated].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { items, added: added.map((p) => p.id) };
}

export interface TimelineFilters {
  category: string;
  author: string;
  from: string;
  to: string;
  important: boolean;
  unread: boolean;
  q: string;
}

export function emptyFilters(): TimelineFilters {
  return { category: '', author: '', from: '', to: '', important: false, unread: false, q: '' };
}

/** Filters from the address (?category=…&important=1). */
export function filtersFromQuery(query: Record<string, unknown>): TimelineFilters {
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '');
  return {
    category: s('category'),
    author: s('author'),
    from: s('from'),
    to: s('to'),
    important: s('important') === '1',
    unread: s('unread') === '1',
    q: s('q'),
  };
}

/** Filters for the address; empty ones left out. */
export function filtersToQuery(f: TimelineFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.category) out.category = f.category;
  if (f.author) out.author = f.author;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.important) out.important = '1';
  if (f.unread) out.unread = '1';
  if (f.q.trim()) out.q = f.q.trim();
  return out;
}

export function filtersToApi(f: TimelineFilters): TimelineQuery {
  return { ...f, q: f.q.trim() };
}

export function filtersActive(f: TimelineFilters): boolean {
  return Object.keys(filtersToQuery(f)).length > 0;
}

/** "1.2 MB", "340 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${bytes} B`;
}
