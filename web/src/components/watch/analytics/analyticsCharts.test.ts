import { describe, expect, it } from 'vitest';
import type { PersonAnalytics, RegionView, TrendSign } from '@/api/watchAnalytics';
import { alertKindTotals, dailyChart, hourlyChart, nightChart, peak, regionResponseChart, shortDate, signsByChart, temperatureCharts, weekdayChart, type ChartTexts } from './analyticsCharts';

const texts: ChartTexts = {
  person: '本人',
  cohort: (label, size) => `${label}(${size}人)`,
  hour: (h) => `${h}時`,
  weekdays: ['月', '火', '水', '木', '金', '土', '日'],
  activity: '活動',
  fridge: '冷蔵庫',
  nightMean: '夜間',
  min: '最低',
  mean: '平均',
  max: '最高',
};

function analytics(over: Partial<PersonAnalytics> = {}): PersonAnalytics {
  const hours = Array.from({ length: 24 }, (_, h) => (h === 8 ? 4 : 0));
  return {
    person_id: 'p1',
    range: { from: '2026-10-01', to: '2026-10-03', days: 3 },
    watched_days: 2,
    hourly: { person: hours, cohort: { kind: 'municipality', label: '同じ自治体', size: 7, too_small: false, min_size: 5, mean: hours.map((v) => v / 2) } },
    weekday: { watched_days: [1, 0, 1, 0, 0, 0, 0], places: [{ place: 'fridge', label: '冷蔵庫', mean: [3, 0, 2, 0, 0, 0, 0] }] },
    night: [{ week_start: '2026-09-28', watched_nights: 2, total: 3, mean: 1.5 }, { week_start: '2026-10-05', watched_nights: 0, total: 0, mean: null }],
    daily: [
      { date: '2026-10-01', watched: true, activity: 10, fridge: 3 },
      { date: '2026-10-02', watched: false, activity: null, fridge: null },
    ],
    temperature: [{ device_id: 'c1', place: 'living', label: '居間', days: [{ date: '2026-10-01', min: 18.5, mean: 21, max: 24.2 }] }],
    signs: [],
    ...over,
  };
}

describe('analytics chart shaping', () => {
  it('draws the cohort beside the person only when the server sent its figures', () => {
    expect(hourlyChart(analytics(), texts).series.map((s) => s.key)).toEqual(['person', 'cohort']);
    const small = analytics();
    small.hourly.cohort = { ...small.hourly.cohort, size: 3, too_small: true, mean: null };
    const d = hourlyChart(small, texts);
    expect(d.series.map((s) => s.key)).toEqual(['person']);
    expect(d.labels[8]).toBe('8時');
    expect(d.labels).toHaveLength(24);
  });

  it('shows weekdays without a watched day and unwatched days as gaps, not zeros', () => {
    const w = weekdayChart(analytics(), texts, (p) => `[${p}]`);
    expect(w.labels[0]).toBe('月');
    expect(w.series[0]?.label).toBe('[fridge]');
    expect(w.series[0]?.values.slice(0, 3)).toEqual([3, null, 2]);
    const d = dailyChart(analytics(), texts);
    expect(d.series.map((s) => s.key)).toEqual(['activity', 'fridge']);
    expect(d.series[0]?.values).toEqual([10, null]);
    expect(d.labels).toEqual(['10/1', '10/2']);
    expect(nightChart(analytics(), texts).series[0]?.values).toEqual([1.5, null]);
  });

  it('has no fridge series without a fridge door', () => {
    const a = analytics({ weekday: { watched_days: [1, 0, 0, 0, 0, 0, 0], places: [{ place: 'entrance', label: '玄関', mean: [1, 0, 0, 0, 0, 0, 0] }] } });
    expect(dailyChart(a, texts).series.map((s) => s.key)).toEqual(['activity']);
  });

  it('makes one temperature chart per climate device with min, mean and max', () => {
    const charts = temperatureCharts(analytics(), texts, () => '居間');
    expect(charts).toHaveLength(1);
    expect(charts[0]?.title).toBe('居間 (c1)');
    expect(charts[0]?.data.series.map((s) => s.values[0])).toEqual([18.5, 21, 24.2]);
  });

  it('groups signs under the chart that shows them, newest week first', () => {
    const sign = (id: string, chart: TrendSign['chart'], week: string): TrendSign => ({ id, sign: 'low_activity', label: '運動不足', week_start: week, detected_at: 0, chart, evidence: {} });
    const by = signsByChart([sign('a', 'daily', '2026-10-05'), sign('b', 'night', '2026-10-05'), sign('c', 'daily', '2026-10-12')]);
    expect(by.daily?.map((s) => s.id)).toEqual(['c', 'a']);
    expect(by.night?.map((s) => s.id)).toEqual(['b']);
    expect(by.hourly).toBeUndefined();
  });

  it('finds the peak for the text alternative and ignores gaps', () => {
    expect(peak({ key: 'x', label: 'x', values: [null, 2, 5, null] }, ['a', 'b', 'c', 'd'])).toEqual({ label: 'c', value: 5 });
    expect(peak({ key: 'x', label: 'x', values: [null] }, ['a'])).toBeNull();
    expect(shortDate('2026-01-09')).toBe('1/9');
  });

  it('shapes the region view: response times per month and kinds totalled', () => {
    const month = (m: string, kinds: Record<string, number>, median: number | null) => ({
      month: m,
      new_persons: 1,
      ended_persons: 0,
      alerts: Object.values(kinds).reduce((a, b) => a + b, 0),
      by_kind: kinds,
      by_severity: {},
      taken: { count: 1, median_minutes: median, p90_minutes: median },
      resolved: { count: 0, median_minutes: null, p90_minutes: null },
    });
    const r: RegionView = {
      municipality_code: '991015',
      range: { from: '2026-01-01', to: '2026-02-28' },
      participation: { enrolled: 1, active: 1, ended: 0, devices: 2, device_problems: 0 },
      response: { taken_median_minutes: 3, taken_p90_minutes: 5, resolved_median_minutes: null, resolved_p90_minutes: null },
      months: [month('2026-01', { inactivity: 2, heat: 1 }, 3), month('2026-02', { heat: 4 }, null)],
    };
    const x = { alerts: 'a', newPersons: 'n', takenMedian: 'tm', takenP90: 'tp', resolvedMedian: 'rm', resolvedP90: 'rp' };
    const resp = regionResponseChart(r, x);
    expect(resp.labels).toEqual(['2026-01', '2026-02']);
    expect(resp.series[0]?.values).toEqual([3, null]);
    expect(alertKindTotals(r)).toEqual([
      { kind: 'heat', count: 5 },
      { kind: 'inactivity', count: 2 },
    ]);
  });
});
