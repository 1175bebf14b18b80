import { describe, expect, it } from 'vitest';
import type { Vitals } from '@/api/careTypes';
import {
  buildChartSeries,
  chartBounds,
  emptyVitalsForm,
  formatVital,
  tableCell,
  tableRowsFor,
  vitalItems,
  vitalsInputOf,
  type VitalsForm,
} from './vitals';

const NOW = Date.UTC(2026, 10, 21, 5, 0); // 2026-11-21 14:00 JST
const user = { id: 'u1', name: '看護 花子', profession_code: 'nurse' };

function record(at: number, values: Partial<Vitals>): Vitals {
  return { id: `v${at}`, post_id: null, recorded_by: user, created_at: at, measured_at: at, ...values };
}

function form(values: Partial<VitalsForm>): VitalsForm {
  return { ...emptyVitalsForm(NOW), ...values };
}

describe('vitalsInputOf', () => {
  it('reads the time in Tokyo and sends only the values given', () => {
    const { input, problems } = vitalsInputOf(form({ measured_at: '2026-11-21T13:30', systolic: '128', diastolic: '76', temperature: '３６．８' }), NOW);
    expect(problems).toEqual({});
    expect(input).toEqual({ measured_at: Date.UTC(2026, 10, 21, 4, 30), systolic: 128, diastolic: 76, temperature: 36.8 });
  });

  it('checks ranges, whole numbers, diastolic below systolic and at least one value', () => {
    expect(vitalsInputOf(form({ systolic: '350' }), NOW).problems).toEqual({ systolic: ['care.errors.outOfRange'] });
    expect(vitalsInputOf(form({ pulse: '72.5' }), NOW).problems).toEqual({ pulse: ['care.errors.integer'] });
    expect(vitalsInputOf(form({ spo2: 'abc' }), NOW).problems).toEqual({ spo2: ['form.notANumber'] });
    expect(vitalsInputOf(form({ systolic: '120', diastolic: '120' }), NOW).problems).toEqual({ diastolic: ['care.errors.diastolicBelowSystolic'] });
    expect(vitalsInputOf(form({}), NOW).problems).toEqual({ systolic: ['care.errors.vitalsOneValue'] });
  });

  it('refuses times more than ten minutes ahead and prefixes paths inside a post', () => {
    const { problems } = vitalsInputOf(form({ measured_at: '2026-11-21T14:11', weight: '50' }), NOW, 'vitals.');
    expect(problems).toEqual({ 'vitals.measured_at': ['care.errors.futureTime'] });
    expect(vitalsInputOf(form({ measured_at: '2026-11-21T14:09', weight: '50' }), NOW).problems).toEqual({});
  });
});

describe('vitals display', () => {
  it('formats with the decimals of each vital and groups blood pressure', () => {
    expect(formatVital('temperature', 37)).toBe('37.0');
    expect(formatVital('pulse', 72)).toBe('72');
    expect(vitalItems({ systolic: 130, pulse: 70, spo2: null })).toEqual([
      { key: 'bp', systolic: 130, diastolic: null },
      { key: 'pulse', value: 70 },
    ]);
  });

  it('builds one series per charted vital, blood pressure with two lines, in time order', () => {
    const records = [
      record(3000, { systolic: 140, diastolic: 80 }),
      record(1000, { systolic: 120, diastolic: 70, temperature: 36.5 }),
      record(2000, { diastolic: 75 }),
    ];
    const series = buildChartSeries(records);
    expect(series.map((s) => s.kind)).toEqual(['bp', 'temperature']);
    expect(series[0]!.lines).toEqual([
      { key: 'systolic', points: [{ x: 1000, y: 120 }, { x: 3000, y: 140 }] },
      { key: 'diastolic', points: [{ x: 1000, y: 70 }, { x: 2000, y: 75 }, { x: 3000, y: 80 }] },
    ]);
    expect(buildChartSeries([])).toEqual([]);
  });

  it('bounds the y axis around the data within the vital range', () => {
    const [bp] = buildChartSeries([record(1, { systolic: 120, diastolic: 70 })]);
    expect(chartBounds(bp!)).toEqual({ min: 62, max: 128 }); // 15 % of the spread either side
    const [spo2] = buildChartSeries([record(1, { spo2: 98 }), record(2, { spo2: 100 })]);
    expect(chartBounds(spo2!).max).toBe(100);
  });

  it('gives each table its rows newest first and its cells', () => {
    const records = [record(1000, { systolic: 120 }), record(2000, { pulse: 70 }), record(3000, { systolic: 130, diastolic: 80 })];
    expect(tableRowsFor(records, 'bp').map((r) => r.id)).toEqual(['v3000', 'v1000']);
    expect(tableCell(records[0]!, 'bp', '—')).toBe('120/—');
    expect(tableCell(records[2]!, 'bp', '—')).toBe('130/80');
  });
});
