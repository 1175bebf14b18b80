// The one way the front end talks to the server: JSON over fetch with the session cookie, the
// CSRF token on state-changing requests, and every failure turned into an ApiError. Pages never
// call fetch themselves; they call the typed functions beside this file.
import { ApiError, networkError, parseApiError } from './errors';

/** The CSRF token from the last login or session answer; kept in memory only. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

type UnauthenticatedHandler = (error: ApiError) => void;
let unauthenticatedHandler: UnauthenticatedHandler | null = null;

/**
 * Called with every 401 (unless the call opted out): the app sends the user to the login page,
 * or to the second-factor step the error's details name.
 */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler | null): void {
  unauthenticatedHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Empty strings, null and undefined are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /**
   * A 401 is an expected answer of this call (wrong password at login, probing for a session):
   * the caller handles it and the app does not navigate to the login page.
   */
  expectUnauthenticated?: boolean;
}

/** `path` with the query string built from `query`. */
export function withQuery(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function reportUnauthenticated(error: ApiError, opts: { expectUnauthenticated?: boolean }): void {
  if (error.status === 401 && !opts.expectUnauthenticated && unauthenticatedHandler) {
    unauthenticatedHandler(error);
  }
}

/**
 * Sends one API request and returns the parsed JSON answer (undefined for 204). Throws ApiError
 * for every failure, with code `network` when no answer came; an aborted request rethrows the
 * AbortError.
 */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw networkError();
  }

  const text = await response.text().catch(() => '');
  if (!response.ok) {
    const error = parseApiError(response.status, text, response.headers.get('Retry-After'));
    reportUnauthenticated(error, opts);
    throw error;
  }
  if (response.status === 204 || text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({ status: response.status, code: 'internal', message: '' });
  }
}

export interface UploadOptions {
  /** Called as the request body goes out: bytes sent and the total. */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
  contentType?: string;
  /** Extra request headers (e.g. X-File-Name for attachments). */
  headers?: Record<string, string>;
}

/**
 * POSTs raw bytes (a CSV file, a photo) with XMLHttpRequest, which, unlike fetch, reports
 * upload progress. Same error handling and CSRF header as request().
 */
export function uploadBytes<T>(path: string, data: ArrayBuffer | Blob, opts: UploadOptions = {}): Promise<T> {
  const byteLength = data instanceof ArrayBuffer ? data.byteLength : data.size;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = false; // same-origin requests send the cookie anyway
    xhr.setRequestHeader('Content-Type', opts.contentType ?? 'text/csv');
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [name, value] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(name, value);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (opts.onProgress) opts.onProgress(e.loaded, e.lengthComputable ? e.total : byteLength);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        if (opts.onProgress) opts.onProgress(byteLength, byteLength);
        try {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        } catch {
          reject(new ApiError({ status: xhr.status, code: 'internal', message: '' }));
        }
        return;
      }
      const error = parseApiError(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After'));
      reportUnauthenticated(error, {});
      reject(error);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('upload aborted', 'AbortError'));
    if (opts.signal) {
      if (opts.signal.aborted) {
        reject(new DOMException('upload aborted', 'AbortError'));
        return;
      }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(data);
  });
}
