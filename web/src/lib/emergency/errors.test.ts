import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/errors';
import { accessProblem, cardProblem, emergencyReason, isNoConsent, linkProblem } from './errors';

const err = (status: number, code: string, detail?: string) =>
  new ApiError({ status, code, message: '', details: detail ? [{ field: '', code: detail, message: '' }] : [] });

describe('emergencyReason', () => {
  it('reads the reason from the code or from the first specific detail', () => {
    expect(emergencyReason(err(410, 'card_revoked'))).toBe('card_revoked');
    expect(emergencyReason(err(403, 'forbidden', 'no_emergency_consent'))).toBe('no_emergency_consent');
    expect(emergencyReason(err(403, 'forbidden'))).toBeNull();
    expect(emergencyReason(new Error('x'))).toBeNull();
  });

  it('tells a withdrawn consent apart from other refusals', () => {
    expect(isNoConsent(err(409, 'conflict', 'no_emergency_consent'))).toBe(true);
    expect(isNoConsent(err(403, 'forbidden'))).toBe(false);
  });
});

describe('cardProblem', () => {
  it('names revoked and unknown cards by reason or status', () => {
    expect(cardProblem(err(410, 'card_revoked'))).toBe('revoked');
    expect(cardProblem(err(410, 'gone'))).toBe('revoked');
    expect(cardProblem(err(404, 'not_found', 'card_not_found'))).toBe('unknown_card');
    expect(cardProblem(err(403, 'forbidden'))).toBe('not_ems');
    expect(cardProblem(err(0, 'network'))).toBe('other');
  });
});

describe('accessProblem', () => {
  it('tells an expired access from a withdrawn consent, both 403', () => {
    expect(accessProblem(err(403, 'access_expired'))).toBe('expired');
    expect(accessProblem(err(403, 'forbidden', 'no_emergency_consent'))).toBe('no_consent');
    expect(accessProblem(err(403, 'forbidden'))).toBe('forbidden');
    expect(accessProblem(err(410, 'link_expired'))).toBe('expired');
  });
});

describe('linkProblem', () => {
  it('asks for the PIN on 401 and counts a wrong PIN', () => {
    expect(linkProblem(err(401, 'handover_locked'))).toBe('needs_pin');
    expect(linkProblem(err(401, 'unauthenticated'))).toBe('needs_pin');
    expect(linkProblem(err(400, 'wrong_pin'))).toBe('wrong_pin');
  });

  it('tells a locked link from an expired one, though both are 410', () => {
    expect(linkProblem(err(410, 'link_locked'))).toBe('locked');
    expect(linkProblem(err(410, 'gone', 'link_locked'))).toBe('locked');
    expect(linkProblem(err(410, 'link_expired'))).toBe('expired');
    expect(linkProblem(err(410, 'gone', 'link_used'))).toBe('used');
    expect(linkProblem(err(410, 'gone'))).toBe('expired');
  });

  it('reports the throttle and a withdrawn consent', () => {
    expect(linkProblem(err(429, 'rate_limited'))).toBe('throttled');
    expect(linkProblem(err(403, 'no_emergency_consent'))).toBe('no_consent');
  });
});
