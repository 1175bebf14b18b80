import { describe, expect, it } from 'vitest';
import type { Post } from '@/api/careTypes';
import {
  ackText,
  concernsTimelineOf,
  emptyFilters,
  filtersActive,
  filtersFromQuery,
  filtersToQuery,
  formatBytes,
  linksToTimelineOf,
  markedRead,
  mergeFirstPage,
  readReceiptText,
  unreadPostIds,
} from './timeline';

const t = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`;

function post(id: string, createdAt: number, extra: Partial<Post> = {}): Post {
  return {
    id,
    person_id: 'p1',
    parent_id: null,
    author: { id: 'u1', name: 'A', profession_code: null, organization_name: null },
    category: 'contact',
    body: id,
    important: false,
    ack_requested: false,
    share_family: false,
    created_at: createdAt,
    edited_at: null,
    version: 1,
    deleted: null,
    reply_count: 0,
    attachments: [],
    vitals: null,
    mentions: [],
    read: { count: 0, total: 2, by_me: false },
    ack: null,
    ...extra,
  };
}

describe('read receipts', () => {
  it('says 既読 n/m and the acknowledgement state', () => {
    expect(readReceiptText({ count: 1, total: 2, by_me: true }, t)).toBe('care.timeline.readCount{"n":1,"m":2}');
    expect(ackText({ count: 1, total: 3, by_me: false }, t)).toBe('care.timeline.ackCount{"n":1,"m":3}');
    expect(ackText({ count: 3, total: 3, by_me: true }, t)).toBe('care.timeline.ackAll{"n":3,"m":3}');
  });

  it('counts the caller once when they read someone else’s post', () => {
    expect(markedRead({ count: 1, total: 2, by_me: false }, false)).toEqual({ count: 2, total: 2, by_me: true });
    expect(markedRead({ count: 1, total: 2, by_me: false }, true)).toEqual({ count: 1, total: 2, by_me: true });
    expect(markedRead({ count: 2, total: 2, by_me: false }, false)).toEqual({ count: 2, total: 2, by_me: true });
    const same = { count: 1, total: 2, by_me: true };
    expect(markedRead(same, false)).toBe(same);
  });

  it('marks only unread, undeleted posts', () => {
    const posts = [
      post('a', 1),
      post('b', 2, { read: { count: 0, total: 1, by_me: true } }),
      post('c', 3, { deleted: { at: 1, by: { id: 'u', name: 'n', profession_code: null }, reason: 'r' } }),
    ];
    expect(unreadPostIds(posts)).toEqual(['a']);
  });
});

describe('live refresh', () => {
  it('recognises links into a person’s timeline', () => {
    expect(linksToTimelineOf('/persons/p1', 'p1')).toBe(true);
    expect(linksToTimelineOf('/persons/p1/timeline', 'p1')).toBe(true);
    expect(linksToTimelineOf('/persons/p1/timeline/post9?x=1#r', 'p1')).toBe(true);
    expect(linksToTimelineOf('/persons/p10/timeline', 'p1')).toBe(false);
    expect(linksToTimelineOf('/persons/p1/profile', 'p1')).toBe(false);
    expect(linksToTimelineOf('/care/invitations', 'p1')).toBe(false);
    expect(linksToTimelineOf('https://example.org/persons/p1', 'p1')).toBe(false);
  });

  it('also takes timeline notifications that name the person', () => {
    expect(concernsTimelineOf({ kind: 'timeline.post', link: '/', person_id: 'p1' }, 'p1')).toBe(true);
    expect(concernsTimelineOf({ kind: 'team.invitation', link: '/care/invitations', person_id: 'p1' }, 'p1')).toBe(false);
  });

  it('merges a reloaded first page: new on top, updated in place, older pages kept', () => {
    const current = [post('b', 20), post('a', 10)];
    const page = [post('c', 30), { ...post('b', 20), body: 'edited' }];
    const { items, added } = mergeFirstPage(current, page);
    expect(items.map((p) => p.id)).toEqual(['c', 'b', 'a']);
    expect(items[1]!.body).toBe('edited');
    expect(added).toEqual(['c']);
  });
});

describe('filters', () => {
  it('round-trip through the address, leaving empty ones out', () => {
    const f = { ...emptyFilters(), category: 'meal', important: true, q: ' 転倒 ' };
    const q = filtersToQuery(f);
    expect(q).toEqual({ category: 'meal', important: '1', q: '転倒' });
    expect(filtersFromQuery(q)).toEqual({ ...emptyFilters(), category: 'meal', important: true, q: '転倒' });
    expect(filtersActive(emptyFilters())).toBe(false);
    expect(filtersActive(f)).toBe(true);
  });
});

describe('text helpers', () => {
  it('formats sizes', () => {
    expect(formatBytes(500)).toBe('500 B');
    expect(formatBytes(340 * 1024)).toBe('340 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});
