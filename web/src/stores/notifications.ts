// The notification feed: the first page from GET /api/v1/notifications, then live events from
// the Server-Sent Events stream. EventSource reconnects by itself after a network drop and
// sends Last-Event-ID; when the server refuses the stream (session ended, server restarting)
// we check the session and reopen it ourselves with the last sequence number seen.
import { reactive } from 'vue';
import {
  eventsUrl,
  fetchNotifications,
  markAllNotificationsRead,
  markNotificationsRead,
} from '@/api/notifications';
import type { Notification } from '@/api/types';

export type StreamState = 'idle' | 'connecting' | 'live' | 'retrying';

interface FeedState {
  items: Notification[];
  unread: number;
  nextCursor: string | null;
  loaded: boolean;
  loading: boolean;
  error: unknown;
  stream: StreamState;
}

export const feed = reactive<FeedState>({
  items: [],
  unread: 0,
  nextCursor: null,
  loaded: false,
  loading: false,
  error: null,
  stream: 'idle',
});

let source: EventSource | null = null;
let lastSeq = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryDelayMs = 2000;
let running = false;
const listeners = new Set<(n: Notification) => void>();

/** Called for every notification that arrives live (for the screen-reader announcement). */
export function onLiveNotification(fn: (n: Notification) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function remember(items: Notification[]): void {
  for (const n of items) lastSeq = Math.max(lastSeq, n.seq);
}

export async function loadFeed(): Promise<void> {
  feed.loading = true;
  feed.error = null;
  try {
    const page = await fetchNotifications();
    feed.items = page.items;
    feed.unread = page.unread;
    feed.nextCursor = page.next_cursor;
    feed.loaded = true;
    remember(page.items);
  } catch (e) {
    feed.error = e;
  } finally {
    feed.loading = false;
  }
}

export async function loadMore(): Promise<void> {
  if (!feed.nextCursor || feed.loading) return;
  feed.loading = true;
  feed.error = null;
  try {
    const page = await fetchNotifications(feed.nextCursor);
    const known = new Set(feed.items.map((n) => n.seq));
    feed.items.push(...page.items.filter((n) => !known.has(n.seq)));
    feed.unread = page.unread;
    feed.nextCursor = page.next_cursor;
  } catch (e) {
    feed.error = e;
  } finally {
    feed.loading = false;
  }
}

function receive(n: Notification): void {
  if (feed.items.some((x) => x.seq === n.seq)) return;
  lastSeq = Math.max(lastSeq, n.seq);
  const item = { ...n, read: n.read ?? false };
  // Newest first; a replayed event older than the newest shown goes into its place.
  const at = feed.items.findIndex((x) => x.seq < n.seq);
  if (at === -1) feed.items.push(item);
  else feed.items.splice(at, 0, item);
  if (!item.read) feed.unread += 1;
  for (const fn of listeners) fn(item);
}

function open(): void {
  if (!running) return;
  feed.stream = 'connecting';
  const es = new EventSource(eventsUrl(lastSeq), { withCredentials: false });
  source = es;
  es.onopen = () => {
    feed.stream = 'live';
    retryDelayMs = 2000;
  };
  es.addEventListener('notification', (ev) => {
    try {
      receive(JSON.parse((ev as MessageEvent<string>).data) as Notification);
    } catch {
      // A malformed event is skipped; the next list load shows the truth.
    }
  });
  es.onerror = () => {
    if (es.readyState === EventSource.CONNECTING) {
      feed.stream = 'retrying'; // the browser reconnects by itself
      return;
    }
    // Closed: the server refused the stream. Reload the list (a 401 there sends the user to
    // the sign-in page) and try again later.
    es.close();
    source = null;
    feed.stream = 'retrying';
    clearTimeout(retryTimer);
    retryTimer = setTimeout(async () => {
      await loadFeed();
      open();
    }, retryDelayMs);
    retryDelayMs = Math.min(retryDelayMs * 2, 60000);
  };
}

/** Starts the feed for a signed-in user: first page, then the live stream. */
export async function startFeed(): Promise<void> {
  if (running) return;
  running = true;
  await loadFeed();
  open();
}

/** Stops the stream and forgets the feed (at sign-out). */
export function stopFeed(): void {
  running = false;
  clearTimeout(retryTimer);
  source?.close();
  source = null;
  lastSeq = 0;
  feed.items = [];
  feed.unread = 0;
  feed.nextCursor = null;
  feed.loaded = false;
  feed.error = null;
  feed.stream = 'idle';
}

export async function markRead(seqs: number[]): Promise<void> {
  const targets = feed.items.filter((n) => seqs.includes(n.seq) && !n.read);
  if (targets.length === 0) return;
  await markNotificationsRead(targets.map((n) => n.seq));
  for (const n of targets) n.read = true;
  feed.unread = Math.max(0, feed.unread - targets.length);
}

export async function markAllRead(): Promise<void> {
  await markAllNotificationsRead();
  for (const n of feed.items) n.read = true;
  feed.unread = 0;
}
