// The API's one error shape, {error:{code,message,field,details[],request_id}}, as a typed
// value. Pure: parsing never throws, whatever the body holds.

/** One problem with one input field. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** The error codes the server sends (docs/api.md), plus `network` when no answer came. */
export type ApiErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'
  | 'network'
  | (string & {});

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly field: string | null;
  readonly details: FieldProblem[];
  readonly requestId: string | null;
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    field?: string | null;
    details?: FieldProblem[];
    requestId?: string | null;
    retryAfterSeconds?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field ?? null;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  /** The code of the first detail, e.g. `enrolment_required` on a 401. */
  get detailCode(): string | null {
    return this.details[0]?.code ?? null;
  }
}

/** Codes the server uses for each HTTP status, for bodies that are not the JSON error shape. */
function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400: return 'invalid';
    case 401: return 'unauthenticated';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 409: return 'conflict';
    case 413: return 'too_large';
    case 415: return 'unsupported_media_type';
    case 422: return 'unprocessable';
    case 429: return 'rate_limited';
    case 503: return 'unavailable';
    default: return 'internal';
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Builds the ApiError for a failed response from its status, its body text and its
 * Retry-After header. Bodies that are not the documented shape (a proxy's HTML page, say)
 * still give an error with the status's code.
 */
export function parseApiError(status: number, bodyText: string, retryAfter: string | null = null): ApiError {
  let body: unknown = null;
  try {
    body = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    body = null;
  }
  const retry = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : null;
  const err = (body as { error?: unknown } | null)?.error;
  if (!err || typeof err !== 'object') {
    return new ApiError({ status, code: codeForStatus(status), message: '', retryAfterSeconds: retry });
  }
  const e = err as Record<string, unknown>;
  const details: FieldProblem[] = [];
  if (Array.isArray(e.details)) {
    for (const d of e.details) {
      if (!d || typeof d !== 'object') continue;
      const r = d as Record<string, unknown>;
      details.push({ field: str(r.field) ?? '', code: str(r.code) ?? '', message: str(r.message) ?? '' });
    }
  }
  return new ApiError({
    status,
    code: str(e.code) ?? codeForStatus(status),
    message: str(e.message) ?? '',
    field: str(e.field),
    details,
    requestId: str(e.request_id),
    retryAfterSeconds: retry,
  });
}

/** The error for a request that got no answer at all (offline, DNS, connection reset). */
export function networkError(): ApiError {
  return new ApiError({ status: 0, code: 'network', message: '' });
}

/**
 * The server writes messages as "日本語 (English)". Picks the half for `locale`; a message
 * without the bracketed English is returned whole.
 */
export function localizeServerMessage(message: string, locale: 'ja' | 'en'): string {
  const text = message.trim();
  if (!text.endsWith(')')) return text;
  // Find the "(" that opens the final bracket, allowing brackets nested inside it.
  let depth = 0;
  let open = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(') {
      depth--;
      if (depth === 0) {
        open = i;
        break;
      }
    }
  }
  if (open <= 0) return text;
  const ja = text.slice(0, open).trim();
  const en = text.slice(open + 1, -1).trim();
  if (!ja || !en) return text;
  return locale === 'ja' ? ja : en;
}
