import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  apiTokenListFixture,
  auditEventListFixture,
  bootstrapMeFixture,
  metaFixture,
  organizationFixture,
  problemFixture,
  sessionListFixture,
} from './fixtures';

/** The URL the SPA calls for an API path (jsdom's origin + /api/v1). */
export function apiUrl(path: `/${string}`): string {
  return `*/api/v1${path}`;
}

export function problemResponse(body: object & { status: number }, headers: Record<string, string> = {}) {
  return HttpResponse.json(body, {
    status: body.status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

/** 401 as the server answers /auth/refresh without a session cookie. */
export function noSessionResponse() {
  return problemResponse(
    problemFixture({
      type: 'https://opsdeck.dev/problems/unauthorized',
      status: 401,
      title: 'Unauthorized',
      detail: 'No session: sign in.',
      instance: '/api/v1/auth/refresh',
    }),
  );
}

/**
 * Default answers of a healthy development server without a session: /auth/refresh answers 401 and /me the bootstrap
 * administrator, so the app works without signing in. Tests override them with server.use(...) (see test/session.ts).
 */
export const defaultHandlers = [
  http.post(apiUrl('/auth/refresh'), () => noSessionResponse()),
  http.get(apiUrl('/me'), () => HttpResponse.json(bootstrapMeFixture())),
  http.get(apiUrl('/me/api-tokens'), () => HttpResponse.json(apiTokenListFixture())),
  http.get(apiUrl('/me/sessions'), () => HttpResponse.json(sessionListFixture())),
  // The header's bell: nothing unread.
  http.get(apiUrl('/me/notifications'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0, unread: 0 })),
  // An installed deployment: first-run setup is done.
  http.get(apiUrl('/setup'), () => HttpResponse.json({ required: false })),
  http.get(apiUrl('/meta'), () => HttpResponse.json(metaFixture())),
  http.get(apiUrl('/organization'), () => {
    const organization = organizationFixture();
    return HttpResponse.json(organization, { headers: { ETag: `"${String(organization.version)}"` } });
  }),
  http.get(apiUrl('/audit-events'), () => HttpResponse.json(auditEventListFixture())),
];

export const server = setupServer(...defaultHandlers);
