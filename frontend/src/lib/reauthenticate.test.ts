import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { accessTokenFixture, problemFixture, tokenResponseFixture } from '../test/fixtures';
import { apiUrl, problemResponse, server } from '../test/server';
import { serveSession } from '../test/session';
import { ApiError, client, unwrap } from './api';
import { getAccessToken, getSessionSnapshot, reauthenticate, startSession } from './session';

const bearer = (token: { access_token: string }) => `Bearer ${token.access_token}`;

/** POST /auth/reauthenticate answers `answers` in turn, recording the Authorization header and body of each call. */
function serveReauthentication(answers: (() => Response)[]) {
  const calls: { authorization: string | null; body: unknown }[] = [];
  server.use(
    http.post(apiUrl('/auth/reauthenticate'), async ({ request }) => {
      calls.push({ authorization: request.headers.get('Authorization'), body: await request.json() });
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
      return answer ? answer() : HttpResponse.json(tokenResponseFixture('unexpected'));
    }),
  );
  return calls;
}

const fresh = {
  ...tokenResponseFixture('fresh'),
  access_token: accessTokenFixture('fresh', { auth_time: 1_800_000_000, amr: ['pwd', 'otp'] }),
};

describe('reauthenticate', () => {
  it('signs the proof with the session token, then uses the fresh token for every request', async () => {
    const session = tokenResponseFixture('session');
    const log = serveSession({ tokens: [session] });
    const calls = serveReauthentication([() => HttpResponse.json(fresh)]);
    const seen: (string | null)[] = [];
    server.use(
      http.get(apiUrl('/me/api-tokens'), ({ request }) => {
        seen.push(request.headers.get('Authorization'));
        return HttpResponse.json({ items: [], next_cursor: null, total: 0 });
      }),
    );
    await startSession();

    await reauthenticate({ password: 'correct horse', code: '123456' });

    expect(calls).toEqual([{ authorization: bearer(session), body: { password: 'correct horse', code: '123456' } }]);
    expect(getAccessToken()).toBe(fresh.access_token);
    expect(getSessionSnapshot()).toMatchObject({ status: 'signed-in', authTime: 1_800_000_000_000 });
    await unwrap(client.GET('/me/api-tokens'));
    expect(seen).toEqual([bearer(fresh)]);
    // The same session: no new sign-in, no extra refresh.
    expect(log.refreshes).toHaveLength(1);
  });

  it('throws the refusal with its field errors and keeps the token', async () => {
    const session = tokenResponseFixture('session');
    serveSession({ tokens: [session] });
    serveReauthentication([
      () =>
        problemResponse(
          problemFixture({
            status: 422,
            title: 'Unprocessable entity',
            errors: [{ field: 'password', code: 'invalid', message: 'is not your password' }],
          }),
        ),
    ]);
    await startSession();
    const error = await reauthenticate({ password: 'wrong' }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errors).toEqual([{ field: 'password', code: 'invalid', message: 'is not your password' }]);
    expect(getAccessToken()).toBe(session.access_token);
  });

  it('renews a token about to expire before sending the proof', async () => {
    const expiring = tokenResponseFixture('expiring', { expires_in: 5 });
    const renewed = tokenResponseFixture('renewed');
    const log = serveSession({ tokens: [expiring, renewed] });
    const calls = serveReauthentication([() => HttpResponse.json(fresh)]);
    await startSession();
    await reauthenticate({ password: 'correct horse' });
    expect(log.refreshes).toHaveLength(2);
    expect(calls.map((call) => call.authorization)).toEqual([bearer(renewed)]);
    expect(getAccessToken()).toBe(fresh.access_token);
  });

  it('renews once and tries again when the token itself is refused', async () => {
    const session = tokenResponseFixture('session');
    const renewed = tokenResponseFixture('renewed');
    const log = serveSession({ tokens: [session, renewed] });
    const calls = serveReauthentication([
      () => problemResponse(problemFixture({ status: 401, title: 'Unauthorized', detail: 'token expired' })),
      () => HttpResponse.json(fresh),
    ]);
    await startSession();
    await reauthenticate({ password: 'correct horse' });
    expect(calls.map((call) => call.authorization)).toEqual([bearer(session), bearer(renewed)]);
    expect(log.refreshes).toHaveLength(2);
    expect(getAccessToken()).toBe(fresh.access_token);
  });
});
