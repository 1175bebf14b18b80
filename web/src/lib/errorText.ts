// Turns an ApiError into what people read: one message per field named in the error's details,
// and a summary line. Messages come from our own translations keyed on the error's codes where
// we have one, otherwise from the server's message in the language shown. Pure: the translator
// is passed in, so this runs in unit tests without Vue.
import { ApiError, localizeServerMessage, type FieldProblem } from '@/api/errors';
import type { Locale } from './datetime';

export interface Translator {
  locale: Locale;
  /** True when a message exists for `key` in the current locale. */
  has(key: string): boolean;
  t(key: string, params?: Record<string, unknown>): string;
}

/** Field name → messages to show next to that field. */
export type FieldMessages = Record<string, string[]>;

/**
 * The text for one field problem: our translation for this field and code, then for the code
 * alone, then the server's message in the shown language.
 */
export function fieldProblemText(p: FieldProblem, tr: Translator): string {
  const specific = `apiErrors.field.${p.field}.${p.code}`;
  if (p.field && p.code && tr.has(specific)) return tr.t(specific);
  const general = `apiErrors.detail.${p.code}`;
  if (p.code && tr.has(general)) return tr.t(general);
  if (p.message) return localizeServerMessage(p.message, tr.locale);
  return tr.t('apiErrors.detail.invalid');
}

/** The field problems of an error: its details, or its `field` when it names one alone. */
export function fieldProblems(err: ApiError): FieldProblem[] {
  if (err.details.length > 0) return err.details;
  if (err.field) return [{ field: err.field, code: err.code, message: err.message }];
  return [];
}

/**
 * Messages per field, for the fields in `known` (the form's own inputs). Problems with any
 * other field (say `body` or a field the form does not show) are left for the summary.
 */
export function fieldMessages(err: ApiError, known: readonly string[], tr: Translator): FieldMessages {
  const out: FieldMessages = {};
  for (const p of fieldProblems(err)) {
    if (!known.includes(p.field)) continue;
    (out[p.field] ??= []).push(fieldProblemText(p, tr));
  }
  return out;
}

/** Problems that no input of the form shows, as text for the summary. */
export function unplacedProblems(err: ApiError, known: readonly string[], tr: Translator): string[] {
  return fieldProblems(err)
    .filter((p) => !known.includes(p.field))
    .map((p) => fieldProblemText(p, tr));
}

// Codes whose own text says more than the server's generic message would.
const OWN_TEXT = new Set([
  'network',
  'rate_limited',
  'too_large',
  'unavailable',
  'internal',
  'forbidden',
  'method_not_allowed',
  'unsupported_media_type',
]);

/** One line describing the error as a whole. */
export function errorSummary(err: unknown, tr: Translator): string {
  if (!(err instanceof ApiError)) return tr.t('apiErrors.code.unknown');
  const key = `apiErrors.code.${err.code}`;
  if (err.code === 'rate_limited' && err.retryAfterSeconds) {
    return tr.t('apiErrors.code.rate_limited_wait', { seconds: err.retryAfterSeconds });
  }
  if (err.code === 'internal') {
    return tr.t('apiErrors.code.internal', { id: err.requestId ?? '—' });
  }
  if (OWN_TEXT.has(err.code) && tr.has(key)) return tr.t(key);
  if (err.code === 'invalid' && tr.has(key)) return tr.t(key);
  if (err.message) return localizeServerMessage(err.message, tr.locale);
  return tr.has(key) ? tr.t(key) : tr.t('apiErrors.code.unknown');
}
