import { describe, expect, it } from 'vitest';
import { countdown, tickInterval } from './countdown';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('countdown', () => {
  it('shows hours and minutes while an hour or more is left, rounding down', () => {
    const c = countdown(24 * H, 1);
    expect(c.key).toBe('hoursMinutes');
    expect(c.params).toEqual({ h: 23, m: 59 });
    expect(c.soon).toBe(false);
    expect(countdown(H + 30 * S, 0).params).toEqual({ h: 1, m: 0 });
  });

  it('switches to minutes and seconds in the last hour, and warns', () => {
    const c = countdown(H - 1, 0);
    expect(c.key).toBe('minutesSeconds');
    expect(c.params).toEqual({ m: 60, s: 0 });
    expect(c.soon).toBe(true);
    expect(countdown(90 * S, 0).params).toEqual({ m: 1, s: 30 });
  });

  it('never shows zero before the end: the last fraction of a second reads 1 s', () => {
    const c = countdown(1000, 999);
    expect(c.expired).toBe(false);
    expect(c.params).toEqual({ m: 0, s: 1 });
  });

  it('is expired at and after the time', () => {
    expect(countdown(5000, 5000).expired).toBe(true);
    const late = countdown(5000, 9000);
    expect(late.key).toBe('expired');
    expect(late.leftMs).toBe(0);
  });

  it('redraws every second only in the last hour, and stops after', () => {
    expect(tickInterval(countdown(2 * H, 0))).toBe(15 * S);
    expect(tickInterval(countdown(10 * M, 0))).toBe(S);
    expect(tickInterval(countdown(0, 1))).toBe(0);
  });
});
