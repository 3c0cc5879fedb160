import { http, HttpResponse } from 'msw';
import { problemFixture } from '../../test/fixtures';
import { apiUrl, problemResponse, server } from '../../test/server';
import { serveReferenceData } from '../assets/assetFixtures';
import type { Configuration, ConfigurationDiff, ConfigurationVersion } from './configurationsApi';

export const FIREWALL_ID = '0193a2b4-0000-7000-8000-00000000c001';
export const GPO_ID = '0193a2b4-0000-7000-8000-00000000c002';

export function configurationFixture(overrides: Partial<Configuration> = {}): Configuration {
  return {
    id: FIREWALL_ID,
    name: 'Core firewall rule set',
    kind: 'network',
    description: 'Perimeter policy of the FortiGate HA pair.',
    document: { default_action: 'deny', firmware: '7.4.4', policies: [{ id: 1, src: 'lan', action: 'accept' }] },
    current_version: 2,
    last_message: 'CHG-1042: restrict admin SSH to the bastion',
    last_committed_at: '2026-10-01T09:30:00Z',
    last_committed_by_name: 'Ines Peeters',
    tags: [],
    created_at: '2026-05-01T08:00:00Z',
    updated_at: '2026-10-01T09:30:00Z',
    archived_at: null,
    version: 3,
    ...overrides,
  };
}

export const gpoConfiguration = configurationFixture({
  id: GPO_ID,
  name: 'Active Directory GPO baseline',
  kind: 'security',
  description: '',
  document: { llmnr: 'disabled' },
  current_version: 3,
  last_message: 'Passphrases: 14 characters',
  last_committed_by_name: 'Jan Claes',
  version: 4,
});

export function versionFixture(overrides: Partial<ConfigurationVersion> = {}): ConfigurationVersion {
  return {
    number: 1,
    document: { default_action: 'deny' },
    message: 'Baseline exported from FortiManager',
    author_name: 'Jan Claes',
    created_at: '2026-05-01T08:00:00Z',
    parent_number: null,
    ...overrides,
  };
}

/** The list: what it was asked (query strings) and what it answers. */
export function serveConfigurationList(items: Configuration[], { nextCursor = null as string | null, total = items.length } = {}) {
  const seen: URLSearchParams[] = [];
  serveReferenceData();
  server.use(
    http.get(apiUrl('/configurations'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      seen.push(query);
      if (query.get('cursor')) {
        return HttpResponse.json({ items: [gpoConfiguration], next_cursor: null, total });
      }
      return HttpResponse.json({ items, next_cursor: nextCursor, total });
    }),
  );
  return seen;
}

export interface ConfigurationState {
  configuration: Configuration;
  versions: ConfigurationVersion[];
  diff?: ConfigurationDiff;
}

export interface Sent {
  path: string;
  body: unknown;
  query?: URLSearchParams;
}

/**
 * One configuration whose commits follow the contract: a base_version older than the current one is a 409 naming who
 * committed meanwhile; a record of every request sent.
 */
export function serveConfiguration(state: ConfigurationState) {
  const sent: Sent[] = [];
  serveReferenceData();
  const etag = () => `"${String(state.configuration.version)}"`;
  server.use(
    http.get(apiUrl('/configurations/:id'), () => HttpResponse.json(state.configuration, { headers: { ETag: etag() } })),
    http.get(apiUrl('/configurations/:id/versions'), ({ request }) => {
      sent.push({ path: 'versions', body: null, query: new URL(request.url).searchParams });
      return HttpResponse.json({ items: state.versions, next_cursor: null, total: state.versions.length });
    }),
    http.get(apiUrl('/configurations/:id/diff'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      sent.push({ path: 'diff', body: null, query });
      return HttpResponse.json(
        state.diff ?? { from: Number(query.get('from')), to: Number(query.get('to')), changes: [] },
      );
    }),
    http.get(apiUrl('/attachments'), () => HttpResponse.json({ items: [], next_cursor: null, total: 0 })),
    http.post(apiUrl('/configurations/:id/versions'), async ({ request }) => {
      const body = (await request.json()) as { document: Record<string, unknown>; message: string; base_version: number };
      sent.push({ path: 'commit', body });
      const current = state.configuration.current_version;
      if (body.base_version !== current) {
        return problemResponse(
          problemFixture({
            status: 409,
            title: 'Conflict',
            detail: `Jan Claes committed version ${String(current)} ("Hotfix") on 2026-11-20 10:00 UTC, after the version ${String(body.base_version)} your edit started from: reload the configuration and apply your changes again.`,
          }),
        );
      }
      const version = versionFixture({
        number: current + 1,
        parent_number: current,
        document: body.document,
        message: body.message,
        author_name: 'Test User',
      });
      state.versions = [version, ...state.versions];
      state.configuration = {
        ...state.configuration,
        document: body.document,
        current_version: version.number,
        last_message: body.message,
        version: state.configuration.version + 1,
      };
      return HttpResponse.json(version, { status: 201 });
    }),
    http.patch(apiUrl('/configurations/:id'), async ({ request }) => {
      const body = (await request.json()) as Partial<Configuration>;
      sent.push({ path: 'patch', body: { ifMatch: request.headers.get('If-Match'), ...body } });
      if (request.headers.get('If-Match') !== etag()) {
        return problemResponse(problemFixture({ status: 412, title: 'Precondition failed', detail: 'Stale version.' }));
      }
      state.configuration = { ...state.configuration, ...body, version: state.configuration.version + 1 };
      return HttpResponse.json(state.configuration, { headers: { ETag: etag() } });
    }),
  );
  return sent;
}
