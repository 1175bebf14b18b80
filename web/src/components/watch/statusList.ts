// The status list's client-side logic, pure so that it is unit-tested: the order the server
// sorts in (src/watch/status_board.cpp: most urgent first, then the longest silence, then kana),
// merging the rows a live refresh brought back into the list, the counts per status, and the
// name/kana search.
import { STATUSES, type StatusAlert, type StatusCounts, type StatusRow, type WatchStatus } from '@/api/watchTypes';

/** The server's rank: severe alerts, alerts, watch, absent, device problem, normal. */
export function rankOf(row: Pick<StatusRow, 'status' | 'severe'>): number {
  if (row.status === 'alert') return row.severe ? 0 : 1;
  const i = STATUSES.indexOf(row.status);
  return i < 0 ? STATUSES.length + 1 : i + 1;
}

/**
 * The server's order. Kana are compared by code unit like the server's std::string comparison
 * (the same order for kana, which are all in the Basic Multilingual Plane).
 */
export function compareRows(a: StatusRow, b: StatusRow): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra - rb;
  const la = a.last_activity_at ?? 0;
  const lb = b.last_activity_at ?? 0;
  if (la !== lb) return la - lb;
  if (a.kana !== b.kana) return a.kana < b.kana ? -1 : 1;
  return 0;
}

/** Index at which `row` goes into the sorted `rows` (after equal rows, so the order is stable). */
function insertionIndex(rows: readonly StatusRow[], row: StatusRow): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareRows(rows[mid]!, row) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The list after a live refresh: `asked` are the persons the stream named, `fresh` the rows the
 * server answered for them. Rows of asked persons that did not come back are removed (their
 * watch ended); the others are replaced or added, each at its place in the server's order. Rows
 * nobody asked about keep their place. Returns a new array; `current` is not changed.
 */
export function mergeRows(current: readonly StatusRow[], asked: readonly string[], fresh: readonly StatusRow[]): StatusRow[] {
  const touched = new Set(asked);
  for (const r of fresh) touched.add(r.person_id);
  const kept = current.filter((r) => !touched.has(r.person_id));
  // A few changed rows among thousands: binary insertion keeps the rest in place. After many
  // changes one sort is cheaper.
  if (fresh.length > 64) return [...kept, ...fresh].sort(compareRows);
  for (const row of fresh) kept.splice(insertionIndex(kept, row), 0, row);
  return kept;
}

export function countRows(rows: readonly StatusRow[]): StatusCounts {
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of rows) {
    if (r.status in out) out[r.status] += 1;
  }
  return out;
}

/**
 * Text folded for searching: full-width letters and half-width kana to their usual forms
 * (NFKC), hiragana to katakana, lower case, no spaces — so 「さとう」 finds 「サトウ ハナコ」.
 */
export function foldSearch(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/[\s\u3000]+/g, '')
    .toLowerCase();
}

export interface RowFilter {
  status: WatchStatus | null;
  query: string;
}

// Folded name and kana per row: a keystroke in the search box then costs one pass over 10,000
// rows instead of 20,000 normalisations. Rows are replaced, never changed, on refresh.
const folded = new WeakMap<StatusRow, string>();

function searchText(row: StatusRow): string {
  let s = folded.get(row);
  if (s === undefined) {
    s = `${foldSearch(row.name)}\n${foldSearch(row.kana)}`;
    folded.set(row, s);
  }
  return s;
}

/** The rows shown for a status chip and the search box, in the list's order. */
export function filterRows(rows: readonly StatusRow[], f: RowFilter): StatusRow[] {
  const q = foldSearch(f.query);
  return rows.filter((r) => {
    if (f.status && r.status !== f.status) return false;
    if (!q) return true;
    return searchText(r).includes(q);
  });
}

export interface AlertChipData extends StatusAlert {
  /** How many alerts the chip stands for (device problems of one kind and severity). */
  count: number;
}

/**
 * A row's alerts as chips: each person alert on its own; device problems of the same kind and
 * severity as one chip with a count (a home whose hub went down has one problem per device),
 * pointing at the oldest of them and counted as cleared only when all have cleared. Order kept.
 */
export function alertChips(alerts: readonly StatusAlert[]): AlertChipData[] {
  const out: AlertChipData[] = [];
  const grouped = new Map<string, AlertChipData>();
  for (const a of alerts) {
    if (a.category !== 'device') {
      out.push({ ...a, count: 1 });
      continue;
    }
    const key = `${a.kind}/${a.severity}`;
    const g = grouped.get(key);
    if (!g) {
      const chip = { ...a, count: 1 };
      grouped.set(key, chip);
      out.push(chip);
      continue;
    }
    g.count += 1;
    g.active = g.active || a.active;
    if (a.opened_at < g.opened_at) {
      g.id = a.id;
      g.opened_at = a.opened_at;
    }
  }
  return out;
}
