// What an emergency error means for the screen. The contract names reasons such as
// `410 card_revoked` or `401 handover_locked`; the server's error body carries a fixed set of
// generic codes (`invalid`, `forbidden` …), so the reason may arrive as the error's own code or
// as the code of its first detail. Both are read here, and the HTTP status decides when neither
// names a reason. Pure, for unit tests.
import { ApiError } from '@/api/errors';

const GENERIC = new Set([
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'too_large',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  'unavailable',
  'internal',
  'network',
  'gone',
]);

/** The contract's reason code of an error (`card_revoked`, `wrong_pin` …), or null. */
export function emergencyReason(err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  if (err.code && !GENERIC.has(err.code)) return err.code;
  const detail = err.details.find((d) => d.code && !GENERIC.has(d.code));
  return detail ? detail.code : null;
}

const statusOf = (err: unknown): number => (err instanceof ApiError ? err.status : 0);

/** The consent was withdrawn, or never given: nothing personal may be shown. */
export function isNoConsent(err: unknown): boolean {
  return emergencyReason(err) === 'no_emergency_consent';
}

/** What a card check (GET /ems/cards/{token}) failure means. */
export type CardProblem = 'unknown_card' | 'revoked' | 'not_ems' | 'other';

export function cardProblem(err: unknown): CardProblem {
  const reason = emergencyReason(err);
  if (reason === 'card_revoked' || statusOf(err) === 410) return 'revoked';
  if (reason === 'card_not_found' || statusOf(err) === 404) return 'unknown_card';
  if (statusOf(err) === 403) return 'not_ems';
  return 'other';
}

/** What a failed read of an access or hand-over means. */
export type AccessProblem = 'expired' | 'no_consent' | 'forbidden' | 'not_found' | 'other';

export function accessProblem(err: unknown): AccessProblem {
  const reason = emergencyReason(err);
  if (reason === 'access_expired' || reason === 'link_expired' || statusOf(err) === 410) return 'expired';
  if (reason === 'no_emergency_consent') return 'no_consent';
  if (statusOf(err) === 403) return 'forbidden';
  if (statusOf(err) === 404) return 'not_found';
  return 'other';
}

/** The state of a one-time link as its answers reveal it. */
export type LinkProblem = 'needs_pin' | 'wrong_pin' | 'locked' | 'used' | 'expired' | 'no_consent' | 'throttled' | 'not_found' | 'other';

export function linkProblem(err: unknown): LinkProblem {
  const reason = emergencyReason(err);
  const status = statusOf(err);
  if (reason === 'link_locked') return 'locked';
  // Unlocked in another browser: not an ended access, and no PIN will help.
  if (reason === 'link_used') return 'used';
  if (reason === 'link_expired') return 'expired';
  if (reason === 'handover_locked' || status === 401) return 'needs_pin';
  if (reason === 'wrong_pin' || status === 400) return 'wrong_pin';
  if (reason === 'no_emergency_consent') return 'no_consent';
  if (status === 429) return 'throttled';
  // 410 without a reason: an access that ended is the likelier case than a locked link.
  if (status === 410) return 'expired';
  if (status === 404) return 'not_found';
  return 'other';
}
