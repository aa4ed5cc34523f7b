// The one HTTP client of the UI. Browsers authenticate with the HttpOnly session cookie and send
// the session's CSRF token on every mutation (docs/api.md). Errors arrive as problem+json and
// become ApiError, which keeps the field errors so forms can show them next to their fields.

const CSRF_KEY = 'concord.csrf';

export interface FieldError {
  field: string;
  code: string;
  message?: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public detail: string,
    public fields: FieldError[] = [],
    public retryAfter = 0,
    public body: Record<string, unknown> = {},
  ) {
    super(detail || code || `HTTP ${status}`);
  }
  /** The error of one field (exact name or a nested name under it), if any. */
  fieldError(name: string): FieldError | undefined {
    return this.fields.find((f) => f.field === name || f.field.startsWith(name + '.') ||
                                   f.field.startsWith(name + '['));
  }
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function rememberCsrf(token: string): void {
  sessionStorage.setItem(CSRF_KEY, token);
}

function csrfToken(): string {
  const stored = sessionStorage.getItem(CSRF_KEY);
  if (stored) return stored;
  const match = document.cookie.match(/(?:^|;\s*)concord_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export interface RequestOptions {
  ifMatch?: number | string;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Listeners told when the server says the session is gone (401), so the shell shows login. */
const unauthenticated = new Set<() => void>();
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticated.add(fn);
  return () => unauthenticated.delete(fn);
}

export async function request<T>(method: string, path: string, body?: unknown,
                                 opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    const csrf = csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  const url = path.startsWith('/') ? path : `/api/v1/${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method, headers, signal: opts.signal, credentials: 'same-origin',
      body: body === undefined || method === 'GET' ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (res.ok) return data as T;
  const p = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const err = new ApiError(res.status, String(p.code ?? ''), String(p.detail ?? ''),
                           Array.isArray(p.errors) ? (p.errors as FieldError[]) : [],
                           Number(res.headers.get('Retry-After')) || 0, p);
  if (res.status === 401 && !url.endsWith('/auth/login')) unauthenticated.forEach((fn) => fn());
  throw err;
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: RequestOptions) =>
    request<T>('GET', withQuery(path, query), undefined, opts),
  post: <T>(path: string, body: unknown = {}, opts?: RequestOptions) =>
    request<T>('POST', path, body, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) =>
    request<T>('PATCH', path, body, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) =>
    request<T>('PUT', path, body, opts),
  del: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};

/** A fresh key for an Idempotency-Key header: a retried submit of one form is not doubled. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
