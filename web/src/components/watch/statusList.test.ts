import { describe, expect, it } from 'vitest';
import type { StatusRow, WatchStatus } from '@/api/watchTypes';
import { alertChips, compareRows, countRows, filterRows, foldSearch, mergeRows, rankOf } from './statusList';
import type { StatusAlert } from '@/api/watchTypes';

function row(id: string, status: WatchStatus, last: number | null, extra: Partial<StatusRow> = {}): StatusRow {
  return {
    person_id: id,
    name: `名前${id}`,
    kana: `カナ${id}`,
    address: '',
    status,
    severe: false,
    last_activity_at: last,
    today_openings: {},
    temperature_c: null,
    humidity_pct: null,
    wbgt: null,
    climate_at: null,
    absence: null,
    alerts: [],
    devices: 1,
    device_problems: 0,
    ...extra,
  };
}

const ids = (rows: StatusRow[]) => rows.map((r) => r.person_id);

describe('status order', () => {
  it('ranks severe alerts first, then alert, watch, absent, device, normal', () => {
    const order = [row('s', 'alert', 0, { severe: true }), row('a', 'alert', 0), row('w', 'watch', 0), row('x', 'absent', 0), row('d', 'device', 0), row('n', 'normal', 0)];
    expect(order.map(rankOf)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ids([...order].reverse().sort(compareRows))).toEqual(['s', 'a', 'w', 'x', 'd', 'n']);
  });

  it('puts the longest silence first within a status, never-active rows before all, then kana', () => {
    const rows = [row('b', 'normal', 300, { kana: 'イ' }), row('c', 'normal', null), row('a', 'normal', 100), row('d', 'normal', 300, { kana: 'ア' })];
    expect(ids(rows.sort(compareRows))).toEqual(['c', 'a', 'd', 'b']);
  });
});

describe('mergeRows (a live refresh)', () => {
  const base = [row('p1', 'alert', 100), row('p2', 'watch', 50), row('p3', 'normal', 10), row('p4', 'normal', 20), row('p5', 'normal', 30)];

  it('moves a changed row to its new place and keeps the others in order', () => {
    const merged = mergeRows(base, ['p4'], [row('p4', 'alert', 20)]);
    expect(ids(merged)).toEqual(['p4', 'p1', 'p2', 'p3', 'p5']);
    expect(merged.find((r) => r.person_id === 'p4')!.status).toBe('alert');
  });

  it('removes rows of asked persons the server no longer returns', () => {
    expect(ids(mergeRows(base, ['p2', 'p5'], [row('p5', 'normal', 5)]))).toEqual(['p1', 'p5', 'p3', 'p4']);
  });

  it('adds persons that were not listed yet (newly enrolled)', () => {
    expect(ids(mergeRows(base, ['p9'], [row('p9', 'watch', 60)]))).toEqual(['p1', 'p2', 'p9', 'p3', 'p4', 'p5']);
  });

  it('does not change the list it was given', () => {
    const copy = [...base];
    mergeRows(base, ['p1'], []);
    expect(base).toEqual(copy);
  });

  it('gives the same order as sorting everything, for many changes at once', () => {
    const statuses: WatchStatus[] = ['alert', 'watch', 'device', 'absent', 'normal'];
    const many = Array.from({ length: 300 }, (_, i) => row(`q${i}`, statuses[i % 5]!, (i * 7919) % 1000));
    const sorted = [...many].sort(compareRows);
    const changed = many.filter((_, i) => i % 3 === 0).map((r, i) => ({ ...r, status: (i % 2 === 0 ? 'normal' : 'alert') as WatchStatus, last_activity_at: (i * 31) % 500 }));
    const asked = changed.map((r) => r.person_id);
    const expected = [...sorted.filter((r) => !asked.includes(r.person_id)), ...changed].sort(compareRows);
    expect(ids(mergeRows(sorted, asked, changed))).toEqual(ids(expected));
    // A few changes take the insertion path; it must agree with a full sort too.
    const few = changed.slice(0, 5);
    const expectedFew = [...sorted.filter((r) => !few.some((f) => f.person_id === r.person_id)), ...few].sort(compareRows);
    expect(ids(mergeRows(sorted, few.map((r) => r.person_id), few))).toEqual(ids(expectedFew));
  });
});

describe('counts and search', () => {
  it('counts rows per status, zero for statuses nobody has', () => {
    expect(countRows([row('a', 'alert', 0, { severe: true }), row('b', 'alert', 0), row('c', 'normal', 0)])).toEqual({ alert: 2, watch: 0, device: 0, absent: 0, normal: 1 });
  });

  it('folds hiragana, half-width kana, full-width letters and spaces', () => {
    expect(foldSearch('さとう　はなこ')).toBe('サトウハナコ');
    expect(foldSearch('ｻﾄｳ')).toBe('サトウ');
    expect(foldSearch('ＡＢＣ')).toBe('abc');
  });

  it('filters by status and by name or kana', () => {
    const rows = [row('1', 'alert', 0, { name: '佐藤 花子', kana: 'サトウ ハナコ' }), row('2', 'normal', 0, { name: '鈴木 一郎', kana: 'スズキ イチロウ' }), row('3', 'normal', 0, { name: '佐藤 次郎', kana: 'サトウ ジロウ' })];
    expect(ids(filterRows(rows, { status: null, query: 'さとう' }))).toEqual(['1', '3']);
    expect(ids(filterRows(rows, { status: 'normal', query: 'さとう' }))).toEqual(['3']);
    expect(ids(filterRows(rows, { status: null, query: '鈴木' }))).toEqual(['2']);
    expect(ids(filterRows(rows, { status: 'alert', query: '' }))).toEqual(['1']);
    expect(filterRows(rows, { status: null, query: 'タナカ' })).toEqual([]);
  });
});

describe('alert chips', () => {
  const alert = (id: string, kind: StatusAlert['kind'], category: StatusAlert['category'], opened: number, active = true): StatusAlert => ({ id, kind, category, severity: category === 'device' ? 'watch' : 'alert', state: 'open', active, opened_at: opened });

  it('keeps person alerts apart and groups device problems of one kind, pointing at the oldest', () => {
    const chips = alertChips([
      alert('a1', 'heat', 'person', 5),
      alert('d1', 'device_offline', 'device', 30, false),
      alert('d2', 'device_offline', 'device', 10, false),
      alert('d3', 'battery_low', 'device', 20),
      alert('d4', 'device_offline', 'device', 40, true),
      alert('a2', 'inactivity', 'person', 1),
    ]);
    expect(chips.map((c) => [c.id, c.kind, c.count, c.active])).toEqual([
      ['a1', 'heat', 1, true],
      ['d2', 'device_offline', 3, true],
      ['d3', 'battery_low', 1, true],
      ['a2', 'inactivity', 1, true],
    ]);
  });

  it('marks a group cleared only when every problem in it has cleared', () => {
    const chips = alertChips([alert('d1', 'device_offline', 'device', 1, false), alert('d2', 'device_offline', 'device', 2, false)]);
    expect(chips).toHaveLength(1);
    expect(chips[0]!.active).toBe(false);
  });
});
