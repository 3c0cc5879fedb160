import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { auditEventListFixture, metaFixture, organizationFixture } from './fixtures';

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

/** Default answers of a healthy server; tests override them with server.use(...). */
export const defaultHandlers = [
  http.get(apiUrl('/meta'), () => HttpResponse.json(metaFixture())),
  http.get(apiUrl('/organization'), () => {
    const organization = organizationFixture();
    return HttpResponse.json(organization, { headers: { ETag: `"${String(organization.version)}"` } });
  }),
  http.get(apiUrl('/audit-events'), () => HttpResponse.json(auditEventListFixture())),
];

export const server = setupServer(...defaultHandlers);
