import { describe, expect, it } from 'vitest';
import { ApiError, networkError } from '@/api/errors';
import { errorSummary, fieldMessages, fieldProblemText, unplacedProblems, type Translator } from './errorText';

// A translator over a flat table, like vue-i18n's t/te for one locale.
function translator(locale: 'ja' | 'en', table: Record<string, string>): Translator {
  return {
    locale,
    has: (key) => key in table,
    t: (key, params) => (table[key] ?? key).replace(/\{(\w+)\}/g, (_, p: string) => String(params?.[p] ?? '')),
  };
}

const EN = translator('en', {
  'apiErrors.detail.required': 'Please fill this in',
  'apiErrors.detail.invalid': 'Please check this entry',
  'apiErrors.field.phone.format': 'Not a valid phone number',
  'apiErrors.code.invalid': 'Some entries need attention.',
  'apiErrors.code.network': 'Cannot reach the server.',
  'apiErrors.code.rate_limited': 'Too many attempts.',
  'apiErrors.code.rate_limited_wait': 'Wait {seconds} s.',
  'apiErrors.code.internal': 'Server problem, reference {id}.',
  'apiErrors.code.unknown': 'Something went wrong.',
  'apiErrors.code.conflict': 'Conflict.',
});

const invalid = new ApiError({
  status: 400,
  code: 'invalid',
  message: '入力内容に誤りがあります (validation failed)',
  field: 'phone',
  details: [
    { field: 'phone', code: 'format', message: '電話番号の形式が正しくありません (invalid phone number)' },
    { field: 'email', code: 'format', message: 'メールアドレスの形式が正しくありません (invalid e-mail)' },
    { field: 'kana', code: 'required', message: '入力してください (required)' },
    { field: 'nickname', code: 'unknown_field', message: '不明な項目です (unknown field)' },
  ],
});

describe('fieldProblemText', () => {
  it('prefers the translation for the field and code, then for the code, then the server text', () => {
    expect(fieldProblemText(invalid.details[0]!, EN)).toBe('Not a valid phone number');
    expect(fieldProblemText(invalid.details[2]!, EN)).toBe('Please fill this in');
    expect(fieldProblemText(invalid.details[1]!, EN)).toBe('invalid e-mail');
    const ja = translator('ja', {});
    expect(fieldProblemText(invalid.details[1]!, ja)).toBe('メールアドレスの形式が正しくありません');
  });
});

describe('fieldMessages', () => {
  it('puts each problem next to the field it names, for the form’s own fields', () => {
    expect(fieldMessages(invalid, ['phone', 'email', 'kana'], EN)).toEqual({
      phone: ['Not a valid phone number'],
      email: ['invalid e-mail'],
      kana: ['Please fill this in'],
    });
  });

  it('leaves problems with other fields for the summary', () => {
    expect(unplacedProblems(invalid, ['phone', 'email', 'kana'], EN)).toEqual(['unknown field']);
  });

  it('uses the error’s own field when there are no details (a conflict on login_id)', () => {
    const taken = new ApiError({ status: 409, code: 'conflict', message: 'このログインIDは使われています (login id taken)', field: 'login_id' });
    expect(fieldMessages(taken, ['login_id'], EN)).toEqual({ login_id: ['login id taken'] });
  });

  it('collects several problems with one field', () => {
    const pw = new ApiError({
      status: 400,
      code: 'invalid',
      message: '',
      details: [
        { field: 'password', code: 'too_short', message: '短すぎます (too short)' },
        { field: 'password', code: 'common', message: 'よく使われています (too common)' },
      ],
    });
    expect(fieldMessages(pw, ['password'], EN).password).toEqual(['too short', 'too common']);
  });
});

describe('errorSummary', () => {
  it('uses our own text where it says more than the server', () => {
    expect(errorSummary(networkError(), EN)).toBe('Cannot reach the server.');
    expect(errorSummary(invalid, EN)).toBe('Some entries need attention.');
  });

  it('says how long to wait when rate-limited', () => {
    const e = new ApiError({ status: 429, code: 'rate_limited', message: 'x', retryAfterSeconds: 60 });
    expect(errorSummary(e, EN)).toBe('Wait 60 s.');
  });

  it('quotes the request id of an internal error', () => {
    const e = new ApiError({ status: 500, code: 'internal', message: '', requestId: 'Zk3p' });
    expect(errorSummary(e, EN)).toBe('Server problem, reference Zk3p.');
  });

  it('shows the server’s message in the chosen language for specific failures', () => {
    const e = new ApiError({ status: 401, code: 'unauthenticated', message: 'ログインIDまたはパスワードが違います (wrong login id or password)' });
    expect(errorSummary(e, EN)).toBe('wrong login id or password');
    expect(errorSummary(e, translator('ja', {}))).toBe('ログインIDまたはパスワードが違います');
  });

  it('falls back when nothing better is known', () => {
    expect(errorSummary(new Error('boom'), EN)).toBe('Something went wrong.');
    expect(errorSummary(new ApiError({ status: 409, code: 'conflict', message: '' }), EN)).toBe('Conflict.');
  });
});
