import { http, HttpResponse } from 'msw';
import type { Me } from '../lib/me';
import type { TokenResponse } from '../lib/session';
import { meFixture, tokenResponseFixture } from './fixtures';
import { apiUrl, noSessionResponse, server } from './server';

export interface SessionLog {
  /** Bodies of every POST /auth/refresh ('' when none was sent). */
  refreshes: string[];
  /** CSRF header of every POST /auth/refresh. */
  csrf: (string | null)[];
}

/**
 * A server where the browser holds a session cookie: /auth/refresh answers `token` (or each of `tokens` in turn), and
 * /me answers `me` to requests that carry a token (401 without one, as in production).
 */
export function serveSession({
  me = meFixture(),
  tokens = [tokenResponseFixture()],
}: { me?: Me | (() => Me); tokens?: TokenResponse[] } = {}): SessionLog {
  const log: SessionLog = { refreshes: [], csrf: [] };
  let next = 0;
  server.use(
    http.post(apiUrl('/auth/refresh'), async ({ request }) => {
      log.refreshes.push(await request.text());
      log.csrf.push(request.headers.get('X-OpsDeck-CSRF'));
      const token = tokens[Math.min(next, tokens.length - 1)];
      next += 1;
      return HttpResponse.json(token);
    }),
    http.get(apiUrl('/me'), ({ request }) =>
      request.headers.get('Authorization')
        ? HttpResponse.json(typeof me === 'function' ? me() : me)
        : noSessionResponse(),
    ),
  );
  return log;
}

/** A production server and no session: the app can only show the sign-in page. */
export function serveNoSession(): void {
  server.use(
    http.post(apiUrl('/auth/refresh'), () => noSessionResponse()),
    http.get(apiUrl('/me'), ({ request }) =>
      request.headers.get('Authorization') ? HttpResponse.json(meFixture()) : noSessionResponse(),
    ),
  );
}
