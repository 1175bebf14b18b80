// The printable summary (印刷) of one person: its options as they travel in the address, the
// period's bounds, and the assembly of its data from the care API — every timeline page of the
// period (cursor, 100 a request, at most 2,000 posts), the replies of the posts that have some,
// the vitals, and the profile's companions (status history, consents, team). The API is passed
// in, so that the whole assembly runs in unit tests without a server.
import {
  TEAM_ROLES,
  type Consent,
  type PersonDetail,
  type Post,
  type PostWithReplies,
  type StatusEntry,
  type TeamMember,
  type TimelinePage,
  type TimelineQuery,
  type Vitals,
} from '@/api/careTypes';
import { addProblem, type Problems } from './problems';
import { jstDayBefore, msToJstDay, parseIsoDay, todayJst } from './dates';
import { jstDayStart } from '@/lib/datetime';
import { CHART_KINDS, chartKeys, tableCell, type ChartKind } from './vitals';

/** At most this many top-level posts are printed; the note says so when there were more. */
export const PRINT_POST_CAP = 2000;
/** Posts asked for per timeline request (the API's maximum). */
export const PRINT_PAGE_LIMIT = 100;
/** The period offered first: the last 30 days, today included. */
export const DEFAULT_PRINT_DAYS = 30;
/** The vitals route answers at most this many records. */
export const VITALS_LIMIT = 2000;
/** Replies are fetched this many posts at a time. */
export const REPLY_CONCURRENCY = 4;

export const PRINT_SECTIONS = ['profile', 'timeline', 'vitals'] as const;
export type PrintSection = (typeof PRINT_SECTIONS)[number];

export interface PrintOptions {
  /** JST days, inclusive ("YYYY-MM-DD"). */
  from: string;
  to: string;
  sections: PrintSection[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

// ---- options and the address ----------------------------------------------------------------

export function defaultPrintOptions(now: number = Date.now()): PrintOptions {
  return { from: jstDayBefore(DEFAULT_PRINT_DAYS - 1, now), to: todayJst(now), sections: [...PRINT_SECTIONS] };
}

/** The problems of a choice: real days, the end not before the start, at least one section. */
export function checkPrintOptions(o: PrintOptions): Problems {
  const p: Problems = {};
  if (!o.from) addProblem(p, 'from', 'form.requiredField');
  else if (!parseIsoDay(o.from)) addProblem(p, 'from', 'apiErrors.detail.date_format');
  if (!o.to) addProblem(p, 'to', 'form.requiredField');
  else if (!parseIsoDay(o.to)) addProblem(p, 'to', 'apiErrors.detail.date_format');
  if (!p.from && !p.to && o.to < o.from) addProblem(p, 'to', 'care.print.toBeforeFrom');
  if (o.sections.length === 0) addProblem(p, 'sections', 'care.print.noSection');
  return p;
}

/**
 * The options in the address: `?from=&to=` and, when not everything is included,
 * `include=profile,vitals`.
 */
export function printOptionsToQuery(o: PrintOptions): Record<string, string> {
  const q: Record<string, string> = { from: o.from, to: o.to };
  const sections = PRINT_SECTIONS.filter((s) => o.sections.includes(s));
  if (sections.length !== PRINT_SECTIONS.length) q.include = sections.join(',');
  return q;
}

/**
 * The options from the address. Missing days take the default period; days that are not real
 * days, or an end before the start, are reported as problems (the page says so rather than
 * printing something else than was asked for). An unknown or empty `include` means everything.
 */
export function printOptionsFromQuery(query: Record<string, unknown>, now: number = Date.now()): { options: PrintOptions; problems: Problems } {
  const d = defaultPrintOptions(now);
  const s = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '');
  const from = s('from');
  const to = s('to');
  const wanted = s('include')
    .split(',')
    .map((x) => x.trim())
    .filter((x): x is PrintSection => (PRINT_SECTIONS as readonly string[]).includes(x));
  // Only the end given: the 30 days that end there.
  const toStart = to ? jstDayStart(to) : null;
  const options: PrintOptions = {
    from: from || (toStart !== null ? msToJstDay(toStart - (DEFAULT_PRINT_DAYS - 1) * DAY_MS) : d.from),
    to: to || d.to,
    sections: wanted.length ? PRINT_SECTIONS.filter((x) => wanted.includes(x)) : [...PRINT_SECTIONS],
  };
  return { options, problems: checkPrintOptions(options) };
}

// ---- the period ---------------------------------------------------------------------------

/** The period as instants: from the start of `from` (JST) to the start of the day after `to`. */
export function periodBounds(from: string, to: string): { start: number; end: number } | null {
  const start = jstDayStart(from);
  const last = jstDayStart(to);
  if (start === null || last === null || last < start) return null;
  return { start, end: last + DAY_MS };
}

export function inPeriod(ms: number, bounds: { start: number; end: number }): boolean {
  return ms >= bounds.start && ms < bounds.end;
}

/** The number of days of the period, both ends included (0 when it is not a period). */
export function periodDays(from: string, to: string): number {
  const b = periodBounds(from, to);
  return b ? Math.round((b.end - b.start) / DAY_MS) : 0;
}

// ---- the timeline -------------------------------------------------------------------------

export type FetchTimelinePage = (cursor: string | null, limit: number) => Promise<Pick<TimelinePage, 'items' | 'next_cursor'>>;

export interface CollectedPosts {
  /** Top-level posts, oldest first. */
  posts: Post[];
  /** True when the period holds more posts than `cap`: the oldest ones were left out. */
  truncated: boolean;
}

function abortError(): DOMException {
  return new DOMException('aborted', 'AbortError');
}

const byTimeThenId = (a: Post, b: Post) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every top-level post the pages give, following the cursor with at most 100 a request, until
 * the last page or `cap` posts. The timeline comes newest first, so a capped summary keeps the
 * newest `cap` posts; whether more were there is asked with one more request of one post, so
 * that the note is only shown when something was really left out. Duplicates (a post on two
 * pages) are kept once. Returned oldest first, ready to print.
 */
export async function collectTimelinePosts(
  fetchPage: FetchTimelinePage,
  opts: { cap?: number; pageLimit?: number; onProgress?: (loaded: number) => void; signal?: AbortSignal } = {},
): Promise<CollectedPosts> {
  const cap = opts.cap ?? PRINT_POST_CAP;
  const pageLimit = Math.min(opts.pageLimit ?? PRINT_PAGE_LIMIT, PRINT_PAGE_LIMIT);
  const seen = new Map<string, Post>();
  let cursor: string | null = null;
  let truncated = false;
  for (;;) {
    if (opts.signal?.aborted) throw abortError();
    const want = Math.min(pageLimit, cap - seen.size);
    const page = await fetchPage(cursor, want);
    for (const p of page.items) {
      if (seen.size >= cap) {
        if (!seen.has(p.id)) truncated = true;
        continue;
      }
      if (!seen.has(p.id)) seen.set(p.id, p);
    }
    opts.onProgress?.(seen.size);
    const next: string | null = page.next_cursor ?? null;
    // A page without a cursor is the last; one without posts too (a cursor that goes nowhere).
    if (!next || page.items.length === 0) break;
    if (seen.size >= cap) {
      if (!truncated) {
        if (opts.signal?.aborted) throw abortError();
        const probe = await fetchPage(next, 1);
        truncated = probe.items.some((p) => !seen.has(p.id));
      }
      break;
    }
    cursor = next;
  }
  return { posts: [...seen.values()].sort(byTimeThenId), truncated };
}

/** The posts whose replies must be fetched (GET of the single post): those that have some. */
export function postsWithReplies(posts: readonly Post[]): string[] {
  return posts.filter((p) => p.reply_count > 0).map((p) => p.id);
}

/**
 * Fetches the given posts with their replies, `concurrency` at a time. A post that cannot be
 * fetched is left out of the map (its replies are reported missing), unless the failure is an
 * abort, which ends everything.
 */
export async function fetchReplies(
  ids: readonly string[],
  getPost: (postId: string) => Promise<PostWithReplies>,
  opts: { concurrency?: number; onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<Map<string, Post[]>> {
  const out = new Map<string, Post[]>();
  const total = ids.length;
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      if (opts.signal?.aborted) throw abortError();
      const i = next++;
      if (i >= total) return;
      const id = ids[i]!;
      try {
        const p = await getPost(id);
        out.set(id, Array.isArray(p.replies) ? p.replies : []);
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') throw e;
      }
      done += 1;
      opts.onProgress?.(done, total);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? REPLY_CONCURRENCY, total));
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}

/** One printed post with its replies (oldest first). */
export interface PrintThread {
  post: Post;
  replies: Post[];
  /** The post has replies that could not be fetched. */
  repliesMissing: boolean;
}

/**
 * The posts (any order) as threads, oldest first, each with its replies oldest first. Replies
 * come from `replies` (post id → its replies, as GET of the single post gives them); a reply
 * whose parent is not the post it was listed under is left out.
 */
export function assembleThreads(posts: readonly Post[], replies: ReadonlyMap<string, readonly Post[]>): PrintThread[] {
  return [...posts].sort(byTimeThenId).map((post) => {
    const got = replies.get(post.id);
    const own = (got ?? []).filter((r) => r.parent_id === null || r.parent_id === undefined || r.parent_id === post.id);
    return {
      post,
      replies: [...own].sort(byTimeThenId),
      repliesMissing: post.reply_count > 0 && got === undefined,
    };
  });
}

// ---- profile helpers ----------------------------------------------------------------------

/** The key persons' data with the items in calling order (those without an order last). */
export function keyPersonsInCallOrder(data: Record<string, unknown>): Record<string, unknown> {
  const items = Array.isArray(data.items) ? (data.items as Record<string, unknown>[]) : [];
  const order = (x: Record<string, unknown>) => (typeof x.call_order === 'number' ? x.call_order : Number.MAX_SAFE_INTEGER);
  return { ...data, items: items.map((x, i) => ({ x, i })).sort((a, b) => order(a.x) - order(b.x) || a.i - b.i).map(({ x }) => x) };
}

/** Active members, in the order of the team roles (care manager first), then by kana. */
export function activeMembers(team: readonly TeamMember[]): TeamMember[] {
  const rank = (r: string) => {
    const i = (TEAM_ROLES as readonly string[]).indexOf(r);
    return i < 0 ? TEAM_ROLES.length : i;
  };
  return team
    .filter((m) => m.status === 'active')
    .sort((a, b) => rank(a.team_role) - rank(b.team_role) || a.kana.localeCompare(b.kana, 'ja'));
}

/** Consents not withdrawn, newest first. */
export function consentsInForce(consents: readonly Consent[]): Consent[] {
  return consents
    .filter((c) => !c.withdrawn_on && !c.withdrawn_at)
    .sort((a, b) => (a.obtained_on < b.obtained_on ? 1 : a.obtained_on > b.obtained_on ? -1 : b.created_at - a.created_at));
}

// ---- vitals -------------------------------------------------------------------------------

/** The columns of the vitals table: only the vitals measured at least once in the period. */
export function vitalsColumns(records: readonly Vitals[]): ChartKind[] {
  return CHART_KINDS.filter((kind) => records.some((r) => chartKeys(kind).some((k) => typeof r[k] === 'number')));
}

/** A cell of the table: "128/76", "36.8"; `none` alone when the record has no value for it. */
export function vitalsCell(record: Vitals, kind: ChartKind, none: string): string {
  if (!chartKeys(kind).some((k) => typeof record[k] === 'number')) return none;
  return tableCell(record, kind, none);
}

/** The table's rows, oldest first like the timeline. */
export function vitalsRows(records: readonly Vitals[]): Vitals[] {
  return [...records].sort((a, b) => a.measured_at - b.measured_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---- assembly -----------------------------------------------------------------------------

/** The routes the summary reads (api/care.ts in the app, fakes in tests). */
export interface PrintApi {
  getPerson(personId: string, signal?: AbortSignal): Promise<PersonDetail>;
  listStatus(personId: string): Promise<StatusEntry[]>;
  listConsents(personId: string): Promise<Consent[]>;
  listTeam(personId: string): Promise<TeamMember[]>;
  listTimeline(personId: string, q: TimelineQuery, signal?: AbortSignal): Promise<TimelinePage>;
  getPost(personId: string, postId: string): Promise<PostWithReplies>;
  listVitals(personId: string, from?: string, to?: string): Promise<Vitals[]>;
}

export type PrintProgress =
  | { phase: 'profile' }
  | { phase: 'posts'; loaded: number }
  | { phase: 'replies'; done: number; total: number }
  | { phase: 'vitals' };

export interface PrintData {
  person: PersonDetail;
  /** null when the section was not asked for. */
  statuses: StatusEntry[] | null;
  consents: Consent[] | null;
  team: TeamMember[] | null;
  threads: PrintThread[] | null;
  truncated: boolean;
  vitals: Vitals[] | null;
}

/**
 * Everything the summary prints, for the sections asked for. The person is read first (a 403
 * ends it there); a post whose replies cannot be read is printed with a note rather than
 * failing the whole summary; any other failure is thrown.
 */
export async function loadPrintData(
  api: PrintApi,
  personId: string,
  options: PrintOptions,
  opts: { onProgress?: (p: PrintProgress) => void; signal?: AbortSignal; cap?: number } = {},
): Promise<PrintData> {
  const want = (s: PrintSection) => options.sections.includes(s);
  const progress = opts.onProgress ?? (() => undefined);
  progress({ phase: 'profile' });
  const person = await api.getPerson(personId, opts.signal);
  const data: PrintData = { person, statuses: null, consents: null, team: null, threads: null, truncated: false, vitals: null };

  if (want('profile')) {
    const [statuses, consents, team] = await Promise.all([api.listStatus(personId), api.listConsents(personId), api.listTeam(personId)]);
    Object.assign(data, { statuses, consents, team });
  }
  if (opts.signal?.aborted) throw abortError();

  if (want('timeline')) {
    progress({ phase: 'posts', loaded: 0 });
    const bounds = periodBounds(options.from, options.to);
    const collected = await collectTimelinePosts(
      (cursor, limit) => api.listTimeline(personId, { from: options.from, to: options.to, cursor, limit }, opts.signal),
      { cap: opts.cap, onProgress: (loaded) => progress({ phase: 'posts', loaded }), signal: opts.signal },
    );
    // The server filters by the period; a post outside it (a server on another clock) is not printed.
    const posts = bounds ? collected.posts.filter((p) => inPeriod(p.created_at, bounds)) : collected.posts;
    const ids = postsWithReplies(posts);
    progress({ phase: 'replies', done: 0, total: ids.length });
    const replies = await fetchReplies(ids, (postId) => api.getPost(personId, postId), {
      onProgress: (done, total) => progress({ phase: 'replies', done, total }),
      signal: opts.signal,
    });
    data.threads = assembleThreads(posts, replies);
    data.truncated = collected.truncated;
  }

  if (want('vitals')) {
    progress({ phase: 'vitals' });
    data.vitals = vitalsRows(await api.listVitals(personId, options.from, options.to));
  }
  return data;
}
