import { describe, expect, it } from 'vitest';
import { ApiError, localizeServerMessage, parseApiError } from './errors';

describe('parseApiError', () => {
  it('reads the documented error body', () => {
    const body = JSON.stringify({
      error: {
        code: 'invalid',
        message: '入力内容に誤りがあります (validation failed)',
        field: 'kana',
        details: [{ field: 'kana', code: 'kana_only', message: 'カタカナまたはひらがなで入力してください (kana only)' }],
        request_id: 'Zk3p0aQ1x',
      },
    });
    const e = parseApiError(400, body);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid');
    expect(e.field).toBe('kana');
    expect(e.details).toEqual([{ field: 'kana', code: 'kana_only', message: 'カタカナまたはひらがなで入力してください (kana only)' }]);
    expect(e.requestId).toBe('Zk3p0aQ1x');
  });

  it('gives the detail code of a 401 that asks for the second factor', () => {
    const body = JSON.stringify({
      error: { code: 'unauthenticated', message: 'x', details: [{ field: 'session', code: 'enrolment_required', message: 'x' }] },
    });
    expect(parseApiError(401, body).detailCode).toBe('enrolment_required');
  });

  it('keeps Retry-After in seconds', () => {
    expect(parseApiError(429, '{"error":{"code":"rate_limited","message":"m"}}', '30').retryAfterSeconds).toBe(30);
    expect(parseApiError(429, '', 'Wed, 21 Oct 2026 07:28:00 GMT').retryAfterSeconds).toBeNull();
  });

  it('falls back to the status when the body is not the error shape', () => {
    const e = parseApiError(502, '<html>Bad gateway</html>');
    expect(e.code).toBe('internal');
    expect(e.details).toEqual([]);
    expect(parseApiError(413, '').code).toBe('too_large');
    expect(parseApiError(404, '{"error":"nope"}').code).toBe('not_found');
  });

  it('skips malformed details', () => {
    const e = parseApiError(400, JSON.stringify({ error: { code: 'invalid', details: [null, 3, { field: 'a' }] } }));
    expect(e.details).toEqual([{ field: 'a', code: '', message: '' }]);
  });
});

describe('localizeServerMessage', () => {
  it('picks the Japanese or the English half', () => {
    const m = '入力してください (required)';
    expect(localizeServerMessage(m, 'ja')).toBe('入力してください');
    expect(localizeServerMessage(m, 'en')).toBe('required');
  });

  it('finds the final bracket even when the halves contain brackets', () => {
    const m = '日付の形式が正しくありません。例: 2026-11-21、昭和11年1月1日 (invalid date; e.g. 2026-11-21 (ISO), S11.1.1)';
    expect(localizeServerMessage(m, 'ja')).toBe('日付の形式が正しくありません。例: 2026-11-21、昭和11年1月1日');
    expect(localizeServerMessage(m, 'en')).toBe('invalid date; e.g. 2026-11-21 (ISO), S11.1.1');
  });

  it('returns a message without an English half whole', () => {
    expect(localizeServerMessage('見つかりません', 'en')).toBe('見つかりません');
    expect(localizeServerMessage('(only brackets)', 'ja')).toBe('(only brackets)');
  });
});
