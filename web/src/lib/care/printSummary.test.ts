import { describe, expect, it, vi } from 'vitest';
import type { Consent, PersonDetail, Post, PostWithReplies, TeamMember, TimelineQuery, Vitals } from '@/api/careTypes';
import {
  DEFAULT_PRINT_DAYS,
  PRINT_PAGE_LIMIT,
  PRINT_POST_CAP,
  activeMembers,
  assembleThreads,
  checkPrintOptions,
  collectTimelinePosts,
  consentsInForce,
  defaultPrintOptions,
  fetchReplies,
  inPeriod,
  keyPersonsInCallOrder,
  loadPrintData,
  periodBounds,
  periodDays,
  postsWithReplies,
  printOptionsFromQuery,
  printOptionsToQuery,
  vitalsCell,
  vitalsColumns,
  vitalsRows,
  type PrintApi,
  type PrintProgress,
} from './printSummary';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** 2026-11-21 14:05 JST. */
const NOW = Date.UTC(2026, 10, 21, 5, 5);
/** The instant of a JST wall-clock time. */
const jst = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi) - 9 * HOUR;

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

/** A fake timeline of `n` posts, newest first, paged by a numeric cursor like the API. */
function fakeTimeline(n: number, start = jst(2026, 11, 1)) {
  const all = Array.from({ length: n }, (_, i) => post(`p${String(i).padStart(5, '0')}`, start + i * 60_000)).reverse();
  const calls: { cursor: string | null; limit: number }[] = [];
  const fetchPage = vi.fn(async (cursor: string | null, limit: number) => {
    calls.push({ cursor, limit });
    const from = cursor ? Number(cursor) : 0;
    const items = all.slice(from, from + limit);
    const next = from + limit < all.length ? String(from + limit) : null;
    return { items, next_cursor: next };
  });
  return { all, calls, fetchPage };
}

describe('print options', () => {
  it('default to the last 30 days, today included, with every section', () => {
    const o = defaultPrintOptions(NOW);
    expect(o).toEqual({ from: '2026-10-23', to: '2026-11-21', sections: ['profile', 'timeline', 'vitals'] });
    expect(periodDays(o.from, o.to)).toBe(DEFAULT_PRINT_DAYS);
  });

  it('travel in the address, leaving out include when everything is in', () => {
    expect(printOptionsToQuery({ from: '2026-11-01', to: '2026-11-21', sections: ['vitals', 'profile', 'timeline'] })).toEqual({
      from: '2026-11-01',
      to: '2026-11-21',
    });
    const q = printOptionsToQuery({ from: '2026-11-01', to: '2026-11-21', sections: ['vitals', 'profile'] });
    expect(q).toEqual({ from: '2026-11-01', to: '2026-11-21', include: 'profile,vitals' });
    expect(printOptionsFromQuery(q, NOW)).toEqual({ options: { from: '2026-11-01', to: '2026-11-21', sections: ['profile', 'vitals'] }, problems: {} });
  });

  it('fill missing days from the default period', () => {
    expect(printOptionsFromQuery({}, NOW).options).toEqual(defaultPrintOptions(NOW));
    expect(printOptionsFromQuery({ to: '2026-03-31' }, NOW).options).toMatchObject({ from: '2026-03-02', to: '2026-03-31' });
    expect(printOptionsFromQuery({ from: '2026-11-10' }, NOW).options).toMatchObject({ from: '2026-11-10', to: '2026-11-21' });
    expect(printOptionsFromQuery({ include: 'nonsense' }, NOW).options.sections).toEqual(['profile', 'timeline', 'vitals']);
  });

  it('report days that are not days, a reversed period and no section', () => {
    expect(printOptionsFromQuery({ from: '2026-02-30', to: '2026-11-21' }, NOW).problems).toEqual({ from: ['apiErrors.detail.date_format'] });
    expect(printOptionsFromQuery({ from: '2026-11-21', to: '2026-11-20' }, NOW).problems).toEqual({ to: ['care.print.toBeforeFrom'] });
    expect(checkPrintOptions({ from: '', to: '2026-11-20', sections: [] })).toEqual({ from: ['form.requiredField'], sections: ['care.print.noSection'] });
    expect(checkPrintOptions({ from: '2026-11-21', to: '2026-11-21', sections: ['timeline'] })).toEqual({});
  });
});

describe('period bounds', () => {
  it('run from the start of the first JST day to the start of the day after the last', () => {
    const b = periodBounds('2026-11-01', '2026-11-21')!;
    expect(b.start).toBe(jst(2026, 11, 1));
    expect(b.end).toBe(jst(2026, 11, 22));
    expect(inPeriod(jst(2026, 11, 1, 0, 0), b)).toBe(true);
    expect(inPeriod(jst(2026, 10, 31, 23, 59), b)).toBe(false);
    expect(inPeriod(jst(2026, 11, 21, 23, 59), b)).toBe(true);
    expect(inPeriod(jst(2026, 11, 22, 0, 0), b)).toBe(false);
    // 2026-11-21 08:00 JST is still 2026-11-20 in UTC: the JST day counts.
    expect(inPeriod(Date.UTC(2026, 10, 20, 23, 0), periodBounds('2026-11-21', '2026-11-21')!)).toBe(true);
  });

  it('are null for a reversed or unreadable period', () => {
    expect(periodBounds('2026-11-21', '2026-11-20')).toBeNull();
    expect(periodBounds('2026-13-01', '2026-11-20')).toBeNull();
    expect(periodDays('2026-11-21', '2026-11-21')).toBe(1);
    expect(periodDays('x', '2026-11-21')).toBe(0);
  });
});

describe('collecting the timeline', () => {
  it('follows the cursor 100 at a time and returns the posts oldest first', async () => {
    const { all, calls, fetchPage } = fakeTimeline(250);
    const progress: number[] = [];
    const r = await collectTimelinePosts(fetchPage, { onProgress: (n) => progress.push(n) });
    expect(calls).toEqual([
      { cursor: null, limit: 100 },
      { cursor: '100', limit: 100 },
      { cursor: '200', limit: 100 },
    ]);
    expect(progress).toEqual([100, 200, 250]);
    expect(r.truncated).toBe(false);
    expect(r.posts.map((p) => p.id)).toEqual([...all].reverse().map((p) => p.id));
  });

  it('stops at 2,000 posts, keeps the newest, and says more were left out', async () => {
    const { all, calls, fetchPage } = fakeTimeline(PRINT_POST_CAP + 150);
    const r = await collectTimelinePosts(fetchPage);
    expect(r.posts).toHaveLength(PRINT_POST_CAP);
    expect(r.truncated).toBe(true);
    expect(calls.every((c) => c.limit <= PRINT_PAGE_LIMIT)).toBe(true);
    // 20 pages of 100, then one probe of one post.
    expect(calls).toHaveLength(21);
    expect(calls[20]).toEqual({ cursor: String(PRINT_POST_CAP), limit: 1 });
    expect(r.posts.at(-1)!.id).toBe(all[0]!.id); // the newest is kept
    expect(r.posts[0]!.id).toBe(all[PRINT_POST_CAP - 1]!.id);
  });

  it('does not claim truncation when the period holds exactly the cap', async () => {
    const { fetchPage } = fakeTimeline(PRINT_POST_CAP);
    const r = await collectTimelinePosts(fetchPage);
    expect(r.posts).toHaveLength(PRINT_POST_CAP);
    expect(r.truncated).toBe(false);
  });

  it('asks only for what fits under a small cap', async () => {
    const { calls, fetchPage } = fakeTimeline(30);
    const r = await collectTimelinePosts(fetchPage, { cap: 25, pageLimit: 10 });
    expect(calls.map((c) => c.limit)).toEqual([10, 10, 5, 1]);
    expect(r.posts).toHaveLength(25);
    expect(r.truncated).toBe(true);
  });

  it('keeps a post seen on two pages once, and stops on an empty page', async () => {
    const a = post('a', 3);
    const b = post('b', 2);
    const pages: Record<string, { items: Post[]; next_cursor: string | null }> = {
      start: { items: [a, b], next_cursor: 'c1' },
      c1: { items: [b], next_cursor: 'c2' },
      c2: { items: [], next_cursor: 'c3' },
    };
    const fetchPage = vi.fn(async (cursor: string | null) => pages[cursor ?? 'start']!);
    const r = await collectTimelinePosts(fetchPage);
    expect(r.posts.map((p) => p.id)).toEqual(['b', 'a']);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('stops when aborted', async () => {
    const { fetchPage } = fakeTimeline(500);
    const controller = new AbortController();
    const r = collectTimelinePosts(fetchPage, { signal: controller.signal, onProgress: (n) => n >= 200 && controller.abort() });
    await expect(r).rejects.toMatchObject({ name: 'AbortError' });
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });
});

describe('replies', () => {
  it('are fetched only for posts that have some, a few at a time, failures left out', async () => {
    const posts = [post('a', 1, { reply_count: 2 }), post('b', 2), post('c', 3, { reply_count: 1 }), post('d', 4, { reply_count: 1 })];
    const ids = postsWithReplies(posts);
    expect(ids).toEqual(['a', 'c', 'd']);
    let running = 0;
    let most = 0;
    const getPost = vi.fn(async (id: string): Promise<PostWithReplies> => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
      if (id === 'd') throw new Error('403');
      return { ...post(id, 0), replies: [post(`${id}-r`, 9, { parent_id: id })] };
    });
    const progress: string[] = [];
    const got = await fetchReplies(ids, getPost, { concurrency: 2, onProgress: (d, t) => progress.push(`${d}/${t}`) });
    expect(getPost).toHaveBeenCalledTimes(3);
    expect(most).toBeLessThanOrEqual(2);
    expect([...got.keys()].sort()).toEqual(['a', 'c']);
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
  });

  it('are grouped under their post, oldest first, threads oldest first', () => {
    const a = post('a', 200, { reply_count: 2 });
    const b = post('b', 100);
    const c = post('c', 300, { reply_count: 1 });
    const replies = new Map<string, Post[]>([
      ['a', [post('a2', 260, { parent_id: 'a' }), post('a1', 250, { parent_id: 'a' }), post('x', 255, { parent_id: 'other' })]],
    ]);
    const threads = assembleThreads([c, a, b], replies);
    expect(threads.map((t) => t.post.id)).toEqual(['b', 'a', 'c']);
    expect(threads[0]).toMatchObject({ replies: [], repliesMissing: false });
    expect(threads[1]!.replies.map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(threads[1]!.repliesMissing).toBe(false);
    // c has a reply that could not be fetched.
    expect(threads[2]).toMatchObject({ replies: [], repliesMissing: true });
  });

  it('keep deleted replies (they print as deleted with the reason)', () => {
    const deleted = post('r', 2, { parent_id: 'a', body: '', deleted: { at: 3, by: { id: 'u2', name: 'B', profession_code: null }, reason: '誤投稿' } });
    const threads = assembleThreads([post('a', 1, { reply_count: 1 })], new Map([['a', [deleted]]]));
    expect(threads[0]!.replies[0]!.deleted?.reason).toBe('誤投稿');
  });
});

describe('profile helpers', () => {
  it('orders key persons by calling order, those without one last', () => {
    const data = { items: [{ name: 'C' }, { name: 'B', call_order: 2 }, { name: 'A', call_order: 1 }] };
    expect((keyPersonsInCallOrder(data).items as { name: string }[]).map((x) => x.name)).toEqual(['A', 'B', 'C']);
    expect(keyPersonsInCallOrder({})).toEqual({ items: [] });
  });

  it('lists active members, care manager first', () => {
    const m = (name: string, kana: string, team_role: TeamMember['team_role'], status: TeamMember['status'] = 'active') =>
      ({ user_id: name, name, kana, team_role, status }) as TeamMember;
    const team = [m('N', 'ナ', 'visiting_nurse'), m('D', 'ド', 'primary_doctor'), m('X', 'エ', 'nurse', 'left'), m('C', 'ケ', 'care_manager')];
    expect(activeMembers(team).map((x) => x.name)).toEqual(['C', 'D', 'N']);
  });

  it('keeps the consents not withdrawn, newest first', () => {
    const c = (id: string, obtained_on: string, withdrawn_on: string | null = null) => ({ id, obtained_on, withdrawn_on, withdrawn_at: null, created_at: 0 }) as unknown as Consent;
    expect(consentsInForce([c('1', '2025-01-01'), c('2', '2026-01-01'), c('3', '2026-05-01', '2026-06-01')]).map((x) => x.id)).toEqual(['2', '1']);
  });
});

describe('vitals table', () => {
  const v = (id: string, at: number, values: Partial<Vitals>) => ({ id, measured_at: at, post_id: null, recorded_by: { id: 'u', name: 'U', profession_code: null }, created_at: at, ...values }) as Vitals;

  it('has a column only for what was measured, rows oldest first', () => {
    const records = [v('2', 20, { temperature: 36.8 }), v('1', 10, { systolic: 128, diastolic: 76, spo2: 97 })];
    expect(vitalsColumns(records)).toEqual(['bp', 'temperature', 'spo2']);
    expect(vitalsRows(records).map((r) => r.id)).toEqual(['1', '2']);
    expect(vitalsCell(records[1]!, 'bp', '—')).toBe('128/76');
    expect(vitalsCell(records[0]!, 'bp', '—')).toBe('—');
    expect(vitalsCell(records[0]!, 'temperature', '—')).toBe('36.8');
    expect(vitalsCell(v('3', 0, { systolic: 120 }), 'bp', '—')).toBe('120/—');
  });
});

describe('loading the summary', () => {
  function fakeApi(posts: Post[]) {
    const timelineQueries: TimelineQuery[] = [];
    const api: PrintApi = {
      getPerson: vi.fn(async () => ({ id: 'p1', name: '佐藤 花子' }) as PersonDetail),
      listStatus: vi.fn(async () => []),
      listConsents: vi.fn(async () => []),
      listTeam: vi.fn(async () => []),
      listTimeline: vi.fn(async (_id: string, q: TimelineQuery) => {
        timelineQueries.push(q);
        const from = q.cursor ? Number(q.cursor) : 0;
        const limit = q.limit ?? 50;
        return { items: posts.slice(from, from + limit), next_cursor: from + limit < posts.length ? String(from + limit) : null, team_size: 3 };
      }),
      getPost: vi.fn(async (_id: string, postId: string) => ({ ...posts.find((p) => p.id === postId)!, replies: [post(`${postId}-r`, jst(2026, 11, 5), { parent_id: postId })] })),
      listVitals: vi.fn(async () => [] as Vitals[]),
    };
    return { api, timelineQueries };
  }

  it('reads the period page by page, replies only where there are some, and reports progress', async () => {
    const posts = [post('new', jst(2026, 11, 20, 9), { reply_count: 1 }), post('old', jst(2026, 11, 2, 9)), post('outside', jst(2026, 10, 31, 23, 59))];
    const { api, timelineQueries } = fakeApi(posts);
    const seen: PrintProgress['phase'][] = [];
    const data = await loadPrintData(api, 'p1', { from: '2026-11-01', to: '2026-11-21', sections: ['timeline', 'vitals'] }, { onProgress: (p) => seen.push(p.phase) });
    expect(timelineQueries[0]).toEqual({ from: '2026-11-01', to: '2026-11-21', cursor: null, limit: 100 });
    expect(api.getPost).toHaveBeenCalledTimes(1);
    expect(api.listStatus).not.toHaveBeenCalled();
    expect(api.listVitals).toHaveBeenCalledWith('p1', '2026-11-01', '2026-11-21');
    expect(data.threads!.map((t) => t.post.id)).toEqual(['old', 'new']);
    expect(data.threads![1]!.replies.map((r) => r.id)).toEqual(['new-r']);
    expect(data.statuses).toBeNull();
    expect(data.vitals).toEqual([]);
    expect(new Set(seen)).toEqual(new Set(['profile', 'posts', 'replies', 'vitals']));
  });

  it('reads the profile companions only when the profile is asked for', async () => {
    const { api } = fakeApi([]);
    const data = await loadPrintData(api, 'p1', { from: '2026-11-01', to: '2026-11-21', sections: ['profile'] });
    expect(api.listStatus).toHaveBeenCalled();
    expect(api.listTimeline).not.toHaveBeenCalled();
    expect(api.listVitals).not.toHaveBeenCalled();
    expect(data).toMatchObject({ statuses: [], consents: [], team: [], threads: null, vitals: null });
  });

  it('stops at the person when it cannot be read', async () => {
    const { api } = fakeApi([]);
    api.getPerson = vi.fn(async () => {
      throw new Error('403');
    });
    await expect(loadPrintData(api, 'p1', defaultPrintOptions(NOW))).rejects.toThrow('403');
    expect(api.listTimeline).not.toHaveBeenCalled();
  });

  it('passes the cap on', async () => {
    const posts = Array.from({ length: 12 }, (_, i) => post(`p${i}`, jst(2026, 11, 10) - i * DAY / 24));
    const { api } = fakeApi(posts);
    const data = await loadPrintData(api, 'p1', { from: '2026-11-01', to: '2026-11-21', sections: ['timeline'] }, { cap: 5 });
    expect(data.threads).toHaveLength(5);
    expect(data.truncated).toBe(true);
  });
});
