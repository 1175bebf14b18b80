// The notification feed and its live stream.
import { request, withQuery } from './client';
import type { NotificationFeed } from './types';

export function fetchNotifications(cursor?: string | null, limit = 30): Promise<NotificationFeed> {
  return request<NotificationFeed>('/api/v1/notifications', { query: { cursor, limit } });
}

export function markNotificationsRead(seqs: number[]): Promise<{ marked: number }> {
  return request('/api/v1/notifications/read', { method: 'POST', body: { seqs } });
}

export function markAllNotificationsRead(): Promise<{ marked: number }> {
  return request('/api/v1/notifications/read', { method: 'POST', body: { all: true } });
}

/**
 * The Server-Sent Events URL. EventSource sends Last-Event-ID itself when it reconnects; a
 * stream we reopen ourselves passes the last sequence seen in the query instead.
 */
export function eventsUrl(lastEventId?: number): string {
  return withQuery('/api/v1/events', { last_event_id: lastEventId && lastEventId > 0 ? lastEventId : undefined });
}
