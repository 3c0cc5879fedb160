import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { organizationFixture, problemFixture, tokenResponseFixture } from '../test/fixtures';
import { renderApp } from '../test/render';
import { apiUrl, noSessionResponse, problemResponse, server } from '../test/server';
import { serveNoSession, serveSession } from '../test/session';
import { ApiError, client, unwrap } from './api';
import {
  getAccessToken,
  getSessionSnapshot,
  readClaims,
  refreshDelay,
  signOut,
  startSession,
  switchOrganization,
} from './session';

const first = tokenResponseFixture('first');
const second = tokenResponseFixture('second');
const bearer = (token: { access_token: string }) => `Bearer ${token.access_token}`;

/** GET /organization answers 401 to `expired` tokens and 200 to the others, recording the Authorization headers. */
function serveOrganization(expired: string[]) {
  const seen: (string | null)[] = [];
  server.use(
    http.get(apiUrl('/organization'), ({ request }) => {
      const authorization = request.headers.get('Authorization');
      seen.push(authorization);
      return authorization === null || expired.includes(authorization)
        ? problemResponse(problemFixture({ status: 401, title: 'Unauthorized', detail: 'token expired' }))
        : HttpResponse.json(organizationFixture(), { headers: { ETag: '"3"' } });
    }),
  );
  return seen;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('starting the session', () => {
  it('restores a session with one refresh, sending the CSRF header, and keeps the token in memory', async () => {
    const log = serveSession({ tokens: [first] });
    expect(await startSession()).toBe('signed-in');
    // Later callers (every route's check) share the first start.
    expect(await startSession()).toBe('signed-in');
    expect(log.refreshes).toEqual(['']);
    expect(log.csrf).toEqual(['1']);
    expect(getAccessToken()).toBe(first.access_token);
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
  });

  it('without a session, lets a development server in as its bootstrap administrator', async () => {
    // The default handlers: refresh 401, /me without a token answers kind "bootstrap".
    expect(await startSession()).toBe('bootstrap');
    expect(getAccessToken()).toBeUndefined();
  });

  it('without a session on a production server, is signed out', async () => {
    serveNoSession();
    expect(await startSession()).toBe('signed-out');
  });
});

describe('signing requests', () => {
  it('sends the access token as a Bearer token, but never to the sign-in endpoints', async () => {
    serveSession({ tokens: [first] });
    const organization = serveOrganization([]);
    let logout: string | null | undefined;
    server.use(
      http.post(apiUrl('/auth/logout'), ({ request }) => {
        logout = request.headers.get('Authorization');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await startSession();
    await unwrap(client.GET('/organization'));
    expect(organization).toEqual([bearer(first)]);
    await signOut();
    expect(logout).toBeNull();
  });

  it('on a 401, refreshes once and replays the request once with the new token', async () => {
    const log = serveSession({ tokens: [first, second] });
    const organization = serveOrganization([bearer(first)]);
    await startSession();

    const { data } = await unwrap(client.GET('/organization'));
    expect(data.name).toBe('Acme Energy');
    expect(organization).toEqual([bearer(first), bearer(second)]);
    expect(log.refreshes).toHaveLength(2); // the start, then the renewal
    expect(getAccessToken()).toBe(second.access_token);
  });

  it('replays a request with a body', async () => {
    serveSession({ tokens: [first, second] });
    const bodies: unknown[] = [];
    server.use(
      http.post(apiUrl('/me/mfa/totp/verify'), async ({ request }) => {
        bodies.push(await request.json());
        return request.headers.get('Authorization') === bearer(first)
          ? problemResponse(problemFixture({ status: 401, title: 'Unauthorized' }))
          : HttpResponse.json({ recovery_codes: ['a'] });
      }),
    );
    await startSession();
    const { data } = await unwrap(client.POST('/me/mfa/totp/verify', { body: { code: '123456' } }));
    expect(data.recovery_codes).toEqual(['a']);
    expect(bodies).toEqual([{ code: '123456' }, { code: '123456' }]);
  });

  it('shares one refresh between concurrent 401s (a second use of the cookie would end the session)', async () => {
    const log = serveSession({ tokens: [first, second, tokenResponseFixture('third')] });
    const organization = serveOrganization([bearer(first)]);
    await startSession();

    const results = await Promise.all([1, 2, 3].map(() => unwrap(client.GET('/organization'))));
    expect(results.map((result) => result.data.name)).toEqual(['Acme Energy', 'Acme Energy', 'Acme Energy']);
    expect(log.refreshes).toHaveLength(2);
    expect(organization.filter((header) => header === bearer(second))).toHaveLength(3);
  });

  it('does not replay twice: a second 401 is thrown', async () => {
    const log = serveSession({ tokens: [first, second] });
    const organization = serveOrganization([bearer(first), bearer(second)]);
    await startSession();
    const failure = await unwrap(client.GET('/organization')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(organization).toHaveLength(2);
    expect(log.refreshes).toHaveLength(2);
  });

  it('ends the session when the refresh fails too', async () => {
    serveSession({ tokens: [first] });
    serveOrganization([bearer(first)]);
    await startSession();
    server.use(http.post(apiUrl('/auth/refresh'), () => noSessionResponse()));
    await expect(unwrap(client.GET('/organization'))).rejects.toMatchObject({ status: 401 });
    expect(getSessionSnapshot()).toMatchObject({ status: 'signed-out', ended: 'expired' });
    expect(getAccessToken()).toBeUndefined();
  });
});

describe('in the application', () => {
  it('goes to the sign-in page, remembering the page, when the session cannot be renewed', async () => {
    serveSession({ tokens: [first] });
    serveOrganization([bearer(first)]);
    // The start gets a token, which works for /me; /organization refuses it, and the cookie has nothing left.
    let refreshes = 0;
    server.use(
      http.post(apiUrl('/auth/refresh'), () => {
        refreshes += 1;
        return refreshes === 1 ? HttpResponse.json(first) : noSessionResponse();
      }),
    );
    const { router } = renderApp('/administration/organization');

    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/login');
    });
    expect(router.state.location.search).toEqual({ redirect: '/administration/organization' });
    expect(await screen.findByText('Your session has ended. Sign in again to continue where you were.')).toBeVisible();
  });

  it('sends a user without a session to the sign-in page, remembering the address', async () => {
    serveNoSession();
    const { router } = renderApp('/administration/audit-log?action=update');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(router.state.location.search).toEqual({ redirect: '/administration/audit-log?action=update' });
    expect(screen.queryByText('Your session has ended. Sign in again to continue where you were.')).toBeNull();
  });
});

describe('renewing ahead of expiry', () => {
  it('renews a minute before the token expires', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const log = serveSession({ tokens: [first, second] });
    await startSession();
    expect(log.refreshes).toHaveLength(1);

    await vi.advanceTimersByTimeAsync((first.expires_in - 61) * 1000);
    expect(log.refreshes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => {
      expect(log.refreshes).toHaveLength(2);
    });
    expect(getAccessToken()).toBe(second.access_token);
  });

  it('computes the delay', () => {
    expect(refreshDelay(900)).toBe(840);
    expect(refreshDelay(60)).toBe(30);
    expect(refreshDelay(1)).toBe(1);
  });
});

describe('switching organisation and signing out', () => {
  it('switches with a refresh that names the organisation', async () => {
    const log = serveSession({ tokens: [first, second] });
    await startSession();
    await switchOrganization('0193a2b4-0000-7000-8000-00000000a2a2');
    expect(log.refreshes[1]).toBe(JSON.stringify({ organization_id: '0193a2b4-0000-7000-8000-00000000a2a2' }));
    expect(getAccessToken()).toBe(second.access_token);
  });

  it('forgets the token and revokes the session with the CSRF header', async () => {
    serveSession({ tokens: [first] });
    let csrf: string | null = null;
    server.use(
      http.post(apiUrl('/auth/logout'), ({ request }) => {
        csrf = request.headers.get('X-OpsDeck-CSRF');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await startSession();
    await signOut();
    expect(csrf).toBe('1');
    expect(getAccessToken()).toBeUndefined();
    expect(getSessionSnapshot()).toMatchObject({ status: 'signed-out', ended: 'signed-out' });
  });
});

describe('readClaims', () => {
  it('reads auth_time and amr from the token, and copes with garbage', () => {
    const token = tokenResponseFixture('x').access_token;
    expect(readClaims(token)).toEqual({ authTime: 1_790_000_000_000, amr: ['pwd'] });
    expect(readClaims('not a jwt')).toEqual({ amr: [] });
    expect(readClaims('a.%%%.c')).toEqual({ amr: [] });
  });
});
