import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../test/fixtures';
import { apiUrl, problemResponse, server } from '../test/server';
import {
  ApiError,
  applyProblemToForm,
  client,
  isProblem,
  MERGE_PATCH_CONTENT_TYPE,
  normalizeFieldPath,
  parseRetryAfter,
  toApiError,
  unwrap,
  unwrapVersioned,
} from './api';

describe('ApiError.fromResponse', () => {
  it('reads every problem+json field', async () => {
    const body = problemFixture({
      errors: [
        { field: 'settings.timezone', code: 'invalid', message: 'not a known IANA time zone' },
        // Malformed entries are dropped rather than crashing the form.
        { field: 'name' } as never,
      ],
    });
    const error = await ApiError.fromResponse(
      new Response(JSON.stringify(body), { status: 400, headers: { 'Content-Type': 'application/problem+json' } }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      type: body.type,
      title: 'Invalid request',
      status: 400,
      detail: body.detail,
      instance: '/api/v1/organization',
      request_id: 'req-0193a2b4',
    });
    expect(error.errors).toEqual([{ field: 'settings.timezone', code: 'invalid', message: 'not a known IANA time zone' }]);
    expect(error.isValidation).toBe(true);
    expect(error.message).toBe(body.detail);
  });

  it('copes with an answer that is not a problem (proxy error page) and keeps X-Request-Id', async () => {
    const error = await ApiError.fromResponse(
      new Response('<html>Bad gateway</html>', {
        status: 502,
        statusText: 'Bad Gateway',
        headers: { 'Content-Type': 'text/html', 'X-Request-Id': 'req-proxy' },
      }),
    );
    expect(error).toMatchObject({ status: 502, title: 'Bad Gateway', request_id: 'req-proxy', errors: [] });
  });

  it('takes the request id from the header when the body has none', async () => {
    const body = problemFixture({ status: 404, title: 'Not found', request_id: undefined });
    const error = await ApiError.fromResponse(
      new Response(JSON.stringify(body), { status: 404, headers: { 'X-Request-Id': 'req-header' } }),
    );
    expect(error.request_id).toBe('req-header');
  });
});

describe('Retry-After and problem types', () => {
  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(' 5 ')).toBe(5);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('keeps Retry-After of a 429 and recognises a reauthentication-required 403', async () => {
    const limited = await ApiError.fromResponse(
      new Response(JSON.stringify(problemFixture({ status: 429, title: 'Too many requests' })), {
        status: 429,
        headers: { 'Retry-After': '42' },
      }),
    );
    expect(limited).toMatchObject({ isRateLimited: true, retryAfter: 42 });
    const reauth = new ApiError(
      problemFixture({ status: 403, title: 'Forbidden', type: 'https://opsdeck.dev/problems/reauthentication-required' }),
    );
    expect(reauth.isReauthenticationRequired).toBe(true);
    expect(new ApiError(problemFixture({ status: 403, title: 'Forbidden' })).isReauthenticationRequired).toBe(false);
  });
});

describe('isProblem / toApiError', () => {
  it('recognises problems and wraps anything else', () => {
    expect(isProblem(problemFixture())).toBe(true);
    expect(isProblem({ title: 'x' })).toBe(false);
    expect(isProblem('oops')).toBe(false);
    const wrapped = toApiError(problemFixture({ status: 409, title: 'Conflict' }));
    expect(wrapped).toBeInstanceOf(ApiError);
    expect(wrapped.status).toBe(409);
    expect(toApiError(new Error('boom'))).toMatchObject({ status: 0, detail: 'boom' });
    const same = new ApiError(problemFixture());
    expect(toApiError(same)).toBe(same);
  });
});

describe('client', () => {
  it('calls /api/v1 and asks for JSON in the UI language', async () => {
    let seen: Request | undefined;
    server.use(
      http.get(apiUrl('/meta'), ({ request }) => {
        seen = request;
        return HttpResponse.json({ version: '9.9.9' });
      }),
    );
    const { data } = await unwrap(client.GET('/meta'));
    expect(data.version).toBe('9.9.9');
    expect(new URL(seen!.url).pathname).toBe('/api/v1/meta');
    expect(seen!.headers.get('Accept-Language')).toBe('en');
    expect(seen!.headers.get('Accept')).toContain('application/problem+json');
  });

  it('throws an ApiError for an error answer', async () => {
    server.use(
      http.get(apiUrl('/organization'), () =>
        problemResponse(problemFixture({ status: 403, title: 'Forbidden', request_id: 'req-403' })),
      ),
    );
    const failure = await unwrap(client.GET('/organization')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 403, title: 'Forbidden', request_id: 'req-403' });
  });

  it('throws a status-0 ApiError when the server cannot be reached', async () => {
    server.use(http.get(apiUrl('/meta'), () => HttpResponse.error()));
    const failure = await unwrap(client.GET('/meta')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).isNetworkError).toBe(true);
  });

  it('returns the ETag with the resource', async () => {
    const { data, etag } = await unwrapVersioned(client.GET('/organization'));
    expect(data.name).toBe('Acme Energy');
    expect(etag).toBe('"3"');
  });

  it('sends PATCH as a JSON merge patch with If-Match', async () => {
    let contentType: string | null = null;
    let ifMatch: string | null = null;
    let body: unknown;
    server.use(
      http.patch(apiUrl('/organization'), async ({ request }) => {
        contentType = request.headers.get('Content-Type');
        ifMatch = request.headers.get('If-Match');
        body = await request.json();
        return HttpResponse.json({ name: 'Renamed', version: 4 }, { headers: { ETag: '"4"' } });
      }),
    );
    const { etag } = await unwrapVersioned(
      client.PATCH('/organization', { body: { name: 'Renamed' }, params: { header: { 'If-Match': '"3"' } } }),
    );
    expect(contentType).toBe(MERGE_PATCH_CONTENT_TYPE);
    expect(ifMatch).toBe('"3"');
    expect(body).toEqual({ name: 'Renamed' });
    expect(etag).toBe('"4"');
  });

  it('refuses to send a PATCH without If-Match', async () => {
    const handler = vi.fn(() => HttpResponse.json({}));
    server.use(http.patch(apiUrl('/organization'), handler));
    await expect(unwrap(client.PATCH('/organization', { body: { name: 'x' } }))).rejects.toThrow(/If-Match/);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('normalizeFieldPath', () => {
  it.each([
    ['settings.timezone', 'settings.timezone'],
    ['settings.domains[1]', 'settings.domains.1'],
    ['/settings/risk_matrix/appetite', 'settings.risk_matrix.appetite'],
    ['name', 'name'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeFieldPath(input)).toBe(expected);
  });
});

describe('applyProblemToForm', () => {
  const fields = ['name', 'settings.timezone', 'settings.domains'] as const;
  interface Values {
    name: string;
    settings: { timezone: string; domains: string[] };
  }

  it('puts field errors on their fields, focusing the first, and notifies about the rest', () => {
    const setError = vi.fn();
    const notify = vi.fn();
    const error = new ApiError(
      problemFixture({
        errors: [
          { field: 'settings.timezone', code: 'invalid', message: 'not a known IANA time zone' },
          { field: 'settings.domains[1]', code: 'invalid', message: 'bad domain' },
          { field: 'limit', code: 'invalid', message: 'must be at most 200' },
        ],
      }),
    );
    const result = applyProblemToForm<Values>(error, { setError, fields, notify });

    expect(setError).toHaveBeenCalledTimes(2);
    expect(setError).toHaveBeenNthCalledWith(
      1,
      'settings.timezone',
      { type: 'server', message: 'not a known IANA time zone' },
      { shouldFocus: true },
    );
    expect(setError).toHaveBeenNthCalledWith(
      2,
      'settings.domains',
      { type: 'server', message: 'bad domain' },
      { shouldFocus: false },
    );
    expect(result.matched).toEqual(['settings.timezone', 'settings.domains']);
    expect(notify).toHaveBeenCalledWith(error, [{ field: 'limit', code: 'invalid', message: 'must be at most 200' }]);
  });

  it('translates the codes it knows', () => {
    const setError = vi.fn();
    applyProblemToForm<Values>(
      new ApiError(problemFixture({ errors: [{ field: 'name', code: 'required', message: 'name is required' }] })),
      { setError, fields, notify: vi.fn() },
    );
    expect(setError).toHaveBeenCalledWith('name', { type: 'server', message: 'This field is required.' }, { shouldFocus: true });
  });

  it('does not notify when every error found its field', () => {
    const notify = vi.fn();
    applyProblemToForm<Values>(
      new ApiError(problemFixture({ errors: [{ field: 'name', code: 'too_long', message: 'too long' }] })),
      { setError: vi.fn(), fields, notify },
    );
    expect(notify).not.toHaveBeenCalled();
  });

  it('notifies a problem without field errors', () => {
    const notify = vi.fn();
    const setError = vi.fn();
    const result = applyProblemToForm<Values>(
      problemFixture({ status: 500, title: 'Internal error', request_id: 'req-500' }),
      { setError, fields, notify },
    );
    expect(setError).not.toHaveBeenCalled();
    expect(notify).toHaveBeenCalledOnce();
    expect(result.error).toMatchObject({ status: 500, request_id: 'req-500' });
  });
});
