// Shapes the analytics answers into what a chart and its table need: one label per x position
// and named series of values (null where there is no data: a gap, never a zero). Pure, so the
// rules (cohort only when large enough, unwatched days as gaps, signs next to their chart) are
// unit-tested without a browser.
import type { PersonAnalytics, PersonChart, RegionView, TrendSign } from '@/api/watchAnalytics';

export interface Series {
  key: string;
  label: string;
  values: (number | null)[];
}

export interface ChartData {
  labels: string[];
  series: Series[];
}

export interface ChartTexts {
  person: string;
  cohort: (label: string, size: number) => string;
  hour: (h: number) => string;
  weekdays: string[];
  activity: string;
  fridge: string;
  nightMean: string;
  min: string;
  mean: string;
  max: string;
}

/** "2026-11-02" → "11/2" */
export function shortDate(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}/${Number(d)}`;
}

export function hourlyChart(a: PersonAnalytics, x: ChartTexts): ChartData {
  const series: Series[] = [{ key: 'person', label: x.person, values: a.hourly.person }];
  const c = a.hourly.cohort;
  // A small cohort could single someone out: the server sends no figures, and we draw none.
  if (!c.too_small && c.mean) series.push({ key: 'cohort', label: x.cohort(c.label, c.size), values: c.mean });
  return { labels: a.hourly.person.map((_, h) => x.hour(h)), series };
}

export function weekdayChart(a: PersonAnalytics, x: ChartTexts, placeLabel: (place: string) => string): ChartData {
  return {
    labels: x.weekdays,
    series: a.weekday.places.map((p) => ({
      key: p.place,
      label: placeLabel(p.place),
      // A weekday without a watched day has no mean, not a mean of zero.
      values: p.mean.map((v, i) => (a.weekday.watched_days[i] ? v : null)),
    })),
  };
}

export function nightChart(a: PersonAnalytics, x: ChartTexts): ChartData {
  return { labels: a.night.map((w) => shortDate(w.week_start)), series: [{ key: 'night', label: x.nightMean, values: a.night.map((w) => w.mean) }] };
}

export function dailyChart(a: PersonAnalytics, x: ChartTexts): ChartData {
  const series: Series[] = [{ key: 'activity', label: x.activity, values: a.daily.map((d) => (d.watched ? d.activity : null)) }];
  if (a.weekday.places.some((p) => p.place === 'fridge')) {
    series.push({ key: 'fridge', label: x.fridge, values: a.daily.map((d) => (d.watched ? d.fridge : null)) });
  }
  return { labels: a.daily.map((d) => shortDate(d.date)), series };
}

/** One chart per climate device. */
export function temperatureCharts(a: PersonAnalytics, x: ChartTexts, placeLabel: (place: string) => string): { title: string; data: ChartData }[] {
  return a.temperature.map((dev) => ({
    title: `${placeLabel(dev.place)} (${dev.device_id})`,
    data: {
      labels: dev.days.map((d) => shortDate(d.date)),
      series: [
        { key: 'min', label: x.min, values: dev.days.map((d) => d.min) },
        { key: 'mean', label: x.mean, values: dev.days.map((d) => d.mean) },
        { key: 'max', label: x.max, values: dev.days.map((d) => d.max) },
      ],
    },
  }));
}

/** The signs grouped by the chart that shows them, newest week first. */
export function signsByChart(signs: TrendSign[]): Partial<Record<PersonChart, TrendSign[]>> {
  const out: Partial<Record<PersonChart, TrendSign[]>> = {};
  const sorted = [...signs].sort((p, q) => q.week_start.localeCompare(p.week_start));
  for (const s of sorted) (out[s.chart] ??= []).push(s);
  return out;
}

/** Where a series peaks (for the chart's text alternative); null when it has no value. */
export function peak(series: Series, labels: string[]): { label: string; value: number } | null {
  let best: { label: string; value: number } | null = null;
  series.values.forEach((v, i) => {
    if (v !== null && (best === null || v > best.value)) best = { label: labels[i] ?? '', value: v };
  });
  return best;
}

export interface RegionTexts {
  alerts: string;
  newPersons: string;
  takenMedian: string;
  takenP90: string;
  resolvedMedian: string;
  resolvedP90: string;
}

export function regionAlertChart(r: RegionView, x: RegionTexts): ChartData {
  return {
    labels: r.months.map((m) => m.month),
    series: [
      { key: 'alerts', label: x.alerts, values: r.months.map((m) => m.alerts) },
      { key: 'new', label: x.newPersons, values: r.months.map((m) => m.new_persons) },
    ],
  };
}

export function regionResponseChart(r: RegionView, x: RegionTexts): ChartData {
  return {
    labels: r.months.map((m) => m.month),
    series: [
      { key: 'taken_median', label: x.takenMedian, values: r.months.map((m) => m.taken.median_minutes) },
      { key: 'taken_p90', label: x.takenP90, values: r.months.map((m) => m.taken.p90_minutes) },
      { key: 'resolved_median', label: x.resolvedMedian, values: r.months.map((m) => m.resolved.median_minutes) },
      { key: 'resolved_p90', label: x.resolvedP90, values: r.months.map((m) => m.resolved.p90_minutes) },
    ],
  };
}

/** Alert counts per kind over the whole range, largest first. */
export function alertKindTotals(r: RegionView): { kind: string; count: number }[] {
  const totals = new Map<string, number>();
  for (const m of r.months) for (const [k, n] of Object.entries(m.by_kind)) totals.set(k, (totals.get(k) ?? 0) + n);
  return [...totals.entries()].map(([kind, count]) => ({ kind, count })).sort((p, q) => q.count - p.count || p.kind.localeCompare(q.kind));
}
