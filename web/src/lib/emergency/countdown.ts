// The time left on an EMS access or a hand-over, as people read it on a phone: hours and minutes
// while there is an hour or more, minutes and seconds in the last hour, and "expired" after.
// Pure: the clock is passed in.

export interface Countdown {
  /** The message key under `emergency.countdown`. */
  key: 'expired' | 'hoursMinutes' | 'minutesSeconds';
  params: { h?: number; m?: number; s?: number };
  /** The last hour: shown as a warning. */
  soon: boolean;
  expired: boolean;
  /** Milliseconds left, never negative. */
  leftMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export function countdown(expiresAt: number, now: number): Countdown {
  const left = Math.max(0, expiresAt - now);
  if (left <= 0) return { key: 'expired', params: {}, soon: true, expired: true, leftMs: 0 };
  if (left >= HOUR) {
    // Minutes are rounded down: "23時間59分" must never be shown when less is left.
    const h = Math.floor(left / HOUR);
    const m = Math.floor((left % HOUR) / MINUTE);
    return { key: 'hoursMinutes', params: { h, m }, soon: false, expired: false, leftMs: left };
  }
  // Seconds are rounded up, so that "0分0秒" is never shown before the access has ended.
  const totalSeconds = Math.ceil(left / SECOND);
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  return { key: 'minutesSeconds', params: { m, s }, soon: true, expired: false, leftMs: left };
}

/** How often the countdown needs redrawing: every second in the last hour, else every 15 s. */
export function tickInterval(c: Countdown): number {
  if (c.expired) return 0;
  return c.soon ? SECOND : 15 * SECOND;
}
