import { describe, expect, it } from 'vitest';
import type { Thresholds } from '@/api/watchTypes';
import { buildOverrides, formMatches, formValuesOf, normaliseTime, placeProblems, thresholdFieldOf } from './thresholdForm';

const DEFAULTS: Thresholds = {
  inactivity_hours: 12,
  check_times: ['08:00', '14:00'],
  silence_from: '06:00',
  baseline_ratio: 0.3,
  baseline_weeks: 4,
  night_ratio: 2,
  night_min_openings: 4,
  heat_wbgt: 28,
  severe_wbgt: 31,
  cold_below_c: 10,
  offline_minutes: 120,
  battery_low_pct: 20,
  step_minutes: 15,
  report_times: ['08:00', '14:00'],
};

const all = () => true;

describe('server field names to inputs', () => {
  it('maps list entries to the list and its index', () => {
    expect(thresholdFieldOf('settings.check_times[1]')).toEqual({ key: 'check_times', index: 1 });
    expect(thresholdFieldOf('settings.heat_wbgt')).toEqual({ key: 'heat_wbgt', index: null });
  });

  it('ignores fields that are no threshold', () => {
    expect(thresholdFieldOf('runbook.note')).toBeNull();
    expect(thresholdFieldOf('settings')).toBeNull();
    expect(thresholdFieldOf('settings.unknown_member')).toBeNull();
    expect(thresholdFieldOf('heat_wbgt')).toBeNull();
  });

  it('places the server’s 400 details on their inputs and keeps the rest for the summary', () => {
    const details = [
      { field: 'settings.check_times[1]', code: 'order', message: '早い順に' },
      { field: 'settings.severe_wbgt', code: 'out_of_range', message: '警戒より高く' },
      { field: 'runbook.note', code: 'too_long', message: '長すぎます' },
    ];
    const { placed, others } = placeProblems(details, (p) => p.message);
    expect(placed).toEqual([
      { key: 'check_times', index: 1, message: '早い順に' },
      { key: 'severe_wbgt', index: null, message: '警戒より高く' },
    ]);
    expect(others).toEqual(['長すぎます']);
  });
});

describe('reading the form', () => {
  it('sends numbers and times as the server takes them, only those included', () => {
    const v = formValuesOf(DEFAULTS);
    v.inactivity_hours = ' 8 ';
    v.heat_wbgt = '２７．５';
    v.check_times = ['14:00', '7:30', '', '14:00'];
    const r = buildOverrides(v, (key, value) => JSON.stringify(value) !== JSON.stringify(DEFAULTS[key]));
    expect(r.problems).toEqual([]);
    expect(r.settings).toEqual({ inactivity_hours: 8, heat_wbgt: 27.5, check_times: ['07:30', '14:00'] });
    // Sorted, deduplicated and padded times go back into the form, so error indexes match.
    expect(r.values.check_times).toEqual(['07:30', '14:00']);
  });

  it('finds what the server would refuse, named like the server names it', () => {
    const v = formValuesOf(DEFAULTS);
    v.inactivity_hours = '1.5';
    v.baseline_ratio = '0.95';
    v.cold_below_c = 'abc';
    v.step_minutes = '';
    v.report_times = ['25:00'];
    v.check_times = [];
    const r = buildOverrides(v, all);
    expect(r.problems).toEqual([
      { field: 'settings.inactivity_hours', code: 'integer' },
      { field: 'settings.check_times', code: 'count', params: { min: 1, max: 6 } },
      { field: 'settings.baseline_ratio', code: 'range', params: { min: 0.05, max: 0.9 } },
      { field: 'settings.cold_below_c', code: 'number' },
      { field: 'settings.step_minutes', code: 'required' },
      { field: 'settings.report_times[0]', code: 'time' },
    ]);
  });

  it('checks the rules between thresholds', () => {
    const v = formValuesOf(DEFAULTS);
    v.severe_wbgt = '28';
    v.silence_from = '09:00';
    const r = buildOverrides(v, all);
    expect(r.problems).toEqual([
      { field: 'settings.severe_wbgt', code: 'severeAboveHeat' },
      { field: 'settings.check_times[0]', code: 'checkAfterSilence' },
    ]);
  });

  it('allows no report times at all', () => {
    const v = formValuesOf(DEFAULTS);
    v.report_times = [];
    const r = buildOverrides(v, (k) => k === 'report_times');
    expect(r.problems).toEqual([]);
    expect(r.settings).toEqual({ report_times: [] });
  });

  it('tells real changes from the same value written differently', () => {
    expect(formMatches('inactivity_hours', '12.0', 12)).toBe(true);
    expect(formMatches('inactivity_hours', '13', 12)).toBe(false);
    expect(formMatches('inactivity_hours', '', 12)).toBe(false);
    expect(formMatches('silence_from', '6:00', '06:00')).toBe(true);
    expect(formMatches('check_times', ['8:00', '', '14:00'], ['08:00', '14:00'])).toBe(true);
    expect(formMatches('check_times', ['08:00'], ['08:00', '14:00'])).toBe(false);
    expect(formMatches('heat_wbgt', '28', null)).toBe(false);
  });

  it('normalises typed times', () => {
    expect(normaliseTime('7:05')).toBe('07:05');
    expect(normaliseTime('０８：３０')).toBe('08:30');
    expect(normaliseTime('24:00')).toBeNull();
    expect(normaliseTime('8')).toBeNull();
  });
});
