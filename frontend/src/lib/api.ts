/**
 * The one way the SPA talks to the server: a typed openapi-fetch client over the generated schema (src/api), the
 * TanStack Query bindings ($api), and the problem+json error model shared by every page.
 *
 * Every non-2xx answer is thrown as an {@link ApiError}, whether it came through `client`, `$api` or `unwrap`, so callers
 * never have to check `error` on a result.
 */
import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import type { components, paths } from '../api/schema';
import { i18n } from './i18n';
import { showProblemNotification } from './problemNotification';

export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

export const API_BASE_URL = '/api/v1';
export const MERGE_PATCH_CONTENT_TYPE = 'application/merge-patch+json';

const PROBLEM_TYPE_NETWORK = 'about:network-error';

/** 403 for an action that needs a sign-in within the last few minutes (MFA changes, API tokens). */
export const PROBLEM_TYPE_REAUTHENTICATION_REQUIRED = 'https://opsdeck.dev/problems/reauthentication-required';

/** Header that the cookie-authenticated endpoints (/auth/refresh, /auth/logout) require; a cross-site form cannot set it. */
export const CSRF_HEADER = 'X-OpsDeck-CSRF';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is FieldError {
  return (
    isRecord(value) &&
    typeof value.field === 'string' &&
    typeof value.code === 'string' &&
    typeof value.message === 'string'
  );
}

/** True when `value` has the shape of an RFC 9457 problem as our server writes it. */
export function isProblem(value: unknown): value is Problem {
  return isRecord(value) && typeof value.title === 'string' && typeof value.status === 'number';
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** An error answer of the API (or the failure to get one), with the problem+json fields at hand. */
export class ApiError extends Error implements Problem {
  override readonly name = 'ApiError';
  readonly type: string;
  readonly title: string;
  /** HTTP status; 0 when no answer came back (network failure). */
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly request_id?: string;
  readonly errors: FieldError[];
  /** Seconds to wait before trying again (429 and 503 answers with `Retry-After`). */
  readonly retryAfter?: number;

  constructor(problem: Problem, options?: { cause?: unknown; retryAfter?: number }) {
    super(problem.detail ?? problem.title, options);
    this.type = problem.type || 'about:blank';
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    this.instance = problem.instance;
    this.request_id = problem.request_id;
    this.errors = problem.errors ?? [];
    this.retryAfter = options?.retryAfter;
  }

  /** Builds the error from a parsed body, tolerating answers that are not problem+json (proxies, HTML error pages). */
  static fromBody(status: number, statusText: string, body: unknown, headers?: Headers): ApiError {
    const headerRequestId = optionalString(headers?.get('X-Request-Id'));
    const retryAfter = parseRetryAfter(headers?.get('Retry-After'));
    if (isProblem(body)) {
      const record = body as unknown as Record<string, unknown>;
      return new ApiError(
        {
          type: optionalString(record.type) ?? 'about:blank',
          title: body.title,
          status: body.status,
          detail: optionalString(record.detail),
          instance: optionalString(record.instance),
          request_id: optionalString(record.request_id) ?? headerRequestId,
          errors: Array.isArray(record.errors) ? record.errors.filter(isFieldError) : [],
        },
        { retryAfter },
      );
    }
    return new ApiError(
      {
        type: 'about:blank',
        title: statusText || `HTTP ${String(status)}`,
        status,
        request_id: headerRequestId,
      },
      { retryAfter },
    );
  }

  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      const text = await response.clone().text();
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return ApiError.fromBody(response.status, response.statusText, body, response.headers);
  }

  static network(cause: unknown): ApiError {
    return new ApiError({ type: PROBLEM_TYPE_NETWORK, title: i18n.t('errors.network'), status: 0 }, { cause });
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** 412: the `If-Match` version is stale, someone else changed the resource. */
  get isPreconditionFailed(): boolean {
    return this.status === 412;
  }

  /** 400 or 422 with field errors: the form can show them next to the fields. */
  get isValidation(): boolean {
    return this.status === 400 || this.status === 422;
  }

  /** 401: no valid credentials (wrong password at sign-in, or a session that ended). */
  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  /** 429: too many attempts; {@link retryAfter} says for how long. */
  get isRateLimited(): boolean {
    return this.status === 429;
  }

  /** 403 because the action needs a recent sign-in: the user must sign in again. */
  get isReauthenticationRequired(): boolean {
    return this.status === 403 && this.type === PROBLEM_TYPE_REAUTHENTICATION_REQUIRED;
  }

  /** The same problem with other field errors (e.g. server paths translated to the form's). */
  withErrors(errors: FieldError[]): ApiError {
    return new ApiError(
      {
        type: this.type,
        title: this.title,
        status: this.status,
        detail: this.detail,
        instance: this.instance,
        request_id: this.request_id,
        errors,
      },
      { cause: this.cause, retryAfter: this.retryAfter },
    );
  }
}

/** Whatever was thrown, as an ApiError (unknown exceptions become a status-0 "unexpected" problem). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isProblem(error)) return ApiError.fromBody(error.status, '', error);
  if (error instanceof TypeError) return ApiError.network(error);
  const detail = error instanceof Error ? error.message : undefined;
  return new ApiError({ type: 'about:blank', title: i18n.t('errors.unexpected'), status: 0, detail }, { cause: error });
}

/** The ETag of a response, for the `If-Match` of the next write. */
export function etagOf(response: Response): string | undefined {
  return response.headers.get('ETag') ?? undefined;
}

const methodsNeedingIfMatch = new Set(['PATCH']);

/**
 * Who signs the requests. The session (src/lib/session.ts) registers itself here, so that this module does not depend
 * on it: the access token lives in the session's memory only.
 */
export interface Authenticator {
  /** The access token to send as `Authorization: Bearer`, if there is a session. */
  accessToken(): string | undefined;
  /**
   * Called after a 401 of a request that was sent with `failedToken` (undefined: sent without one). Answers the token
   * to replay the request with, or undefined when there is no session any more (the session then sends the user to
   * the sign-in page).
   */
  renew(failedToken: string | undefined): Promise<string | undefined>;
}

let authenticator: Authenticator | undefined;

export function setAuthenticator(next: Authenticator | undefined): void {
  authenticator = next;
}

/** The sign-in endpoints answer 401 for wrong credentials or a missing session: never refresh-and-replay them. */
function isSessionEndpoint(schemaPath: string): boolean {
  return schemaPath.startsWith('/auth/');
}

/** What a request needs to be sent again after a refresh: an unread copy (the body is consumed by the first send). */
interface Replayable {
  copy: Request;
  token: string | undefined;
}

const replayable = new WeakMap<Request, Replayable>();

function bearer(token: string): string {
  return `Bearer ${token}`;
}

/**
 * Cross-cutting request rules: ask for JSON in the UI's language; sign with the session's access token; PATCH is JSON
 * Merge Patch and must carry If-Match; on a 401, refresh the session once and replay the request once; every error
 * answer becomes a thrown ApiError.
 */
export const apiMiddleware: Middleware = {
  onRequest({ request, schemaPath }) {
    request.headers.set('Accept', 'application/json, application/problem+json');
    if (i18n.language) request.headers.set('Accept-Language', i18n.language);
    if (methodsNeedingIfMatch.has(request.method)) {
      if (!request.headers.has('If-Match')) {
        throw new Error(`${request.method} ${request.url} needs an If-Match header with the ETag of the edited version`);
      }
      request.headers.set('Content-Type', MERGE_PATCH_CONTENT_TYPE);
    }
    if (authenticator && !isSessionEndpoint(schemaPath)) {
      const token = authenticator.accessToken();
      if (token !== undefined && !request.headers.has('Authorization')) request.headers.set('Authorization', bearer(token));
      replayable.set(request, { copy: request.clone(), token });
    }
    return undefined;
  },
  async onResponse({ request, response, options }) {
    let answer = response;
    const replay = replayable.get(request);
    replayable.delete(request);
    if (answer.status === 401 && replay && authenticator) {
      const token = await authenticator.renew(replay.token);
      if (token !== undefined) {
        replay.copy.headers.set('Authorization', bearer(token));
        try {
          answer = await options.fetch(replay.copy);
        } catch (error) {
          throw ApiError.network(error);
        }
      }
    }
    if (!answer.ok) throw await ApiError.fromResponse(answer);
    return answer === response ? undefined : answer;
  },
  onError({ error }) {
    return error instanceof ApiError ? error : ApiError.network(error);
  },
};

export const client = createFetchClient<paths>({
  baseUrl: API_BASE_URL,
  // Resolve fetch at call time, not at creation, so that test interceptors (and polyfills) see every request.
  fetch: (request: Request) => globalThis.fetch(request),
  credentials: 'same-origin',
});
client.use(apiMiddleware);

/** TanStack Query bindings: `$api.useQuery('get', '/meta')`. Errors are ApiError instances at run time. */
export const $api = createQueryClient(client);

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The data type of an openapi-fetch result's success branch. */
export type SuccessData<R> = R extends { data: infer D; error?: never } ? D : never;

/** Awaits a client call and returns its data and response, throwing ApiError on any failure. */
export async function unwrap<R extends FetchResult>(pending: Promise<R>): Promise<{ data: SuccessData<R>; response: Response }> {
  let result: R;
  try {
    result = await pending;
  } catch (error) {
    throw toApiError(error);
  }
  const { response } = result;
  if (result.error !== undefined || !response.ok) {
    throw ApiError.fromBody(response.status, response.statusText, result.error, response.headers);
  }
  // Narrowed above: no error and a 2xx status is the success branch.
  return { data: result.data as SuccessData<R>, response };
}

/** A resource read together with the ETag that a later PATCH must send in If-Match. */
export interface Versioned<T> {
  data: T;
  etag: string | undefined;
}

export async function unwrapVersioned<R extends FetchResult>(pending: Promise<R>): Promise<Versioned<SuccessData<R>>> {
  const { data, response } = await unwrap(pending);
  return { data, etag: etagOf(response) };
}

/** Server field paths (`settings.domains[1]`, `settings.domains.1`) in the dotted form react-hook-form uses. */
export function normalizeFieldPath(field: string): string {
  return field
    .replace(/\[(\w+)\]/g, '.$1')
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^\.+|\.+$/g, '');
}

/** The most specific known form field that the server's path points at or into. */
function matchField<T extends string>(field: string, known: readonly T[]): T | undefined {
  const parts = normalizeFieldPath(field).split('.');
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join('.');
    const match = known.find((k) => k === candidate);
    if (match !== undefined) return match;
  }
  return undefined;
}

const translatedServerCodes = ['required', 'too_long', 'unknown_field'] as const;
type TranslatedServerCode = (typeof translatedServerCodes)[number];

function isTranslatedServerCode(code: string): code is TranslatedServerCode {
  return (translatedServerCodes as readonly string[]).includes(code);
}

/** A field error's text in the UI's language when we know its code, else the server's own message. */
export function fieldErrorMessage(error: FieldError): string {
  return isTranslatedServerCode(error.code) ? i18n.t(`validation.server.${error.code}`) : error.message;
}

export interface ApplyProblemOptions<T extends FieldValues> {
  setError: UseFormSetError<T>;
  /** The form's field paths; server errors on other paths (or none) go to the notification. */
  fields: readonly FieldPath<T>[];
  /** Shows what could not be put on a field; defaults to a Mantine notification. */
  notify?: (error: ApiError, unmatched: FieldError[]) => void;
}

export interface ApplyProblemResult {
  error: ApiError;
  /** Form fields that received a server error, in the server's order. */
  matched: string[];
  unmatched: FieldError[];
}

/**
 * Puts a failed request's `errors[]` on the form's fields (the first one gets focus) and shows everything else —
 * errors for unknown fields, or a problem without field errors — in a notification that quotes the request id.
 */
export function applyProblemToForm<T extends FieldValues>(
  thrown: unknown,
  { setError, fields, notify = showProblemNotification }: ApplyProblemOptions<T>,
): ApplyProblemResult {
  const error = toApiError(thrown);
  const matched: string[] = [];
  const unmatched: FieldError[] = [];
  for (const fieldError of error.errors) {
    const field = matchField(fieldError.field, fields);
    if (field === undefined) {
      unmatched.push(fieldError);
      continue;
    }
    if (!matched.includes(field)) {
      setError(field, { type: 'server', message: fieldErrorMessage(fieldError) }, { shouldFocus: matched.length === 0 });
      matched.push(field);
    }
  }
  if (unmatched.length > 0 || matched.length === 0) notify(error, unmatched);
  return { error, matched, unmatched };
}
