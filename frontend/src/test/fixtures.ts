import type { AuditEvent, AuditEventList } from '../lib/audit';
import type { Meta, ModuleSlug, Organization } from '../lib/deployment';
import type { Problem } from '../lib/api';
import type { Me } from '../lib/me';
import type { MfaChallenge, TokenResponse } from '../lib/session';
import type { Group, Member, Role } from '../modules/administration/access/accessApi';
import type { ApiToken, ApiTokenList } from '../modules/identity/apiTokens';
import type { UserSession, UserSessionList } from '../modules/identity/sessions';

export const ALL_MODULES: ModuleSlug[] = [
  'assets',
  'procurement',
  'finance',
  'services',
  'operations',
  'risk',
  'compliance',
  'audits',
  'access_reviews',
  'incidents',
  'notifications_regulatory',
  'security_objectives',
  'reporting',
  'policies',
  'training',
  'people',
  'credentials',
  'communications',
  'administration',
];

export function metaFixture(overrides: Partial<Meta> = {}): Meta {
  return {
    name: 'OpsDeck',
    version: '0.1.0-test',
    build: { commit: 'abc1234', date: '2026-11-22T10:00:00Z', go_version: 'go1.26.0' },
    environment: 'test',
    modules: ALL_MODULES.map((slug) => ({ slug, enabled: true })),
    multi_organization: false,
    ...overrides,
  };
}

export function organizationFixture(overrides: Partial<Organization> = {}): Organization {
  return {
    id: '0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b',
    name: 'Acme Energy',
    slug: 'acme-energy',
    kind: 'operator',
    country: 'BE',
    identifier: 'ACME',
    settings: {
      legal_name: 'Acme Energy SA',
      tax_id: 'BE0123456789',
      domains: ['acme-energy.example'],
      logo_url: '',
      timezone: 'Europe/Brussels',
      base_currency: 'EUR',
      risk_matrix: { likelihood_levels: 5, impact_levels: 5, appetite: 9 },
      retention: { audit_log_days: 2555 },
      require_mfa: false,
      terms_version: '',
      terms_url: '',
    },
    entity_categories: [],
    sectors: ['energy'],
    enabled_modules: [...ALL_MODULES],
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 3,
    ...overrides,
  };
}

export function problemFixture(overrides: Partial<Problem> = {}): Problem {
  return {
    type: 'https://opsdeck.dev/problems/invalid-request',
    title: 'Invalid request',
    status: 400,
    detail: 'The request does not match the API contract.',
    instance: '/api/v1/organization',
    request_id: 'req-0193a2b4',
    ...overrides,
  };
}

export function auditEventFixture(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: '0193a2b4-0000-7000-8000-000000000001',
    seq: 1,
    occurred_at: '2026-11-22T10:15:30.123456Z',
    actor: { type: 'user', id: 'user-alice', name: 'Alice Martin' },
    action: 'update',
    entity_type: 'organization',
    entity_id: '0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b',
    entity_label: 'Acme Energy',
    request_id: 'req-audit-1',
    client_ip: '192.0.2.10',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Test',
    changes: { name: ['Acme', 'Acme Energy'] },
    hash: 'a'.repeat(64),
    ...overrides,
  };
}

export function auditEventListFixture(items: AuditEvent[] = [], overrides: Partial<AuditEventList> = {}): AuditEventList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

/** Every module at `level`, as /me lists permissions. */
export function allPermissions(level: Me['permissions'][number]['level'] = 'admin'): Me['permissions'] {
  return ALL_MODULES.map((module) => ({ module, level }));
}

/** GET /me of a development server answering without credentials. */
export function bootstrapMeFixture(overrides: Partial<Me> = {}): Me {
  return {
    id: 'bootstrap',
    kind: 'bootstrap',
    name: 'Development administrator',
    email: '',
    organizations: [],
    active_organization_id: '0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b',
    permissions: allPermissions('admin'),
    platform_level: 'admin',
    restriction: null,
    mfa_enrolled: false,
    sso: false,
    ...overrides,
  };
}

export const ACME_ID = '0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b';
export const NCA_ID = '0193a2b4-0000-7000-8000-00000000a2a2';

/** GET /me of a signed-in user (Owner of Acme Energy unless overridden). */
export function meFixture(overrides: Partial<Me> = {}): Me {
  return {
    id: '0193a2b4-0000-7000-8000-0000000000aa',
    kind: 'user',
    name: 'Olivia Owner',
    email: 'owner@acme-energy.example',
    organizations: [{ id: ACME_ID, name: 'Acme Energy', slug: 'acme-energy', kind: 'operator' }],
    active_organization_id: ACME_ID,
    permissions: allPermissions('admin'),
    platform_level: 'none',
    restriction: null,
    mfa_enrolled: false,
    sso: false,
    ...overrides,
  };
}

function base64Url(value: object): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** An access token shaped like the server's (a JWT whose signature nobody checks here). */
export function accessTokenFixture(name: string, claims: { amr?: string[]; auth_time?: number } = {}): string {
  const header = base64Url({ alg: 'EdDSA', typ: 'at+jwt', kid: 'test' });
  const payload = base64Url({ sub: name, amr: ['pwd'], auth_time: 1_790_000_000, ...claims });
  return `${header}.${payload}.c2lnbmF0dXJl`;
}

export function tokenResponseFixture(name = 'token-1', overrides: Partial<TokenResponse> = {}): TokenResponse {
  return { access_token: accessTokenFixture(name), token_type: 'Bearer', expires_in: 900, ...overrides };
}

export function mfaChallengeFixture(overrides: Partial<MfaChallenge> = {}): MfaChallenge {
  return { mfa_token: 'mfa_challenge123', expires_in: 300, methods: ['totp', 'recovery_code'], ...overrides };
}

export function apiTokenFixture(overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id: '0193a2b4-0000-7000-8000-0000000000f1',
    name: 'CMDB sync',
    prefix: 'odk_AbC12xYz',
    scopes: [{ module: 'assets', level: 'write' }],
    expires_at: '2027-02-20T10:00:00Z',
    created_at: '2026-11-22T10:00:00Z',
    last_used_at: null,
    last_used_ip: '',
    revoked_at: null,
    status: 'active',
    ...overrides,
  };
}

/** Everything the page keeps in Web Storage, as one string (to check that no secret is in it). */
export function storedText(): string {
  const values: string[] = [];
  for (const storage of [window.localStorage, window.sessionStorage]) {
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key !== null) values.push(`${key}=${storage.getItem(key) ?? ''}`);
    }
  }
  return values.join('\n');
}

export function apiTokenListFixture(items: ApiToken[] = []): ApiTokenList {
  return { items, next_cursor: null, total: items.length };
}

/** One of the user's sessions (GET /me/sessions): Firefox on Windows, signed in with a password, not this one. */
export function sessionFixture(overrides: Partial<UserSession> = {}): UserSession {
  return {
    id: '0193a2b4-0000-7000-8000-0000000005e1',
    created_at: '2026-11-20T08:00:00Z',
    last_used_at: '2026-11-22T09:30:00Z',
    expires_at: '2026-12-20T08:00:00Z',
    client_ip: '192.0.2.44',
    user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
    methods: ['pwd'],
    current: false,
    ...overrides,
  };
}

export function sessionListFixture(items: UserSession[] = [], overrides: Partial<UserSessionList> = {}): UserSessionList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

/** A member of Acme Energy (GET /members/{user_id}). */
export function memberFixture(overrides: Partial<Member> = {}): Member {
  return {
    user_id: '0193a2b4-0000-7000-8000-00000000b001',
    membership_id: '0193a2b4-0000-7000-8000-00000000c001',
    email: 'ann.lee@acme-energy.example',
    name: 'Ann Lee',
    status: 'active',
    user_status: 'active',
    department: 'IT operations',
    job_title: 'Network engineer',
    manager_id: null,
    buddy_id: null,
    hide_from_org_chart: false,
    mfa_enabled: true,
    last_login_at: '2026-11-21T08:30:00Z',
    roles: [{ id: '0193a2b4-0000-7000-8000-00000000c003', name: 'Editor' }],
    groups: [],
    created_at: '2026-01-10T09:00:00Z',
    version: 4,
    ...overrides,
  };
}

/** A role of Acme Energy (the built-in Viewer unless overridden). */
export function roleFixture(overrides: Partial<Role> = {}): Role {
  return {
    id: '0193a2b4-0000-7000-8000-00000000c004',
    name: 'Viewer',
    description: 'Reads every module.',
    builtin_key: 'viewer',
    permissions: ALL_MODULES.map((module) => ({ module, level: 'read' as const })),
    member_count: 0,
    archived_at: null,
    version: 1,
    ...overrides,
  };
}

/** A group of Acme Energy. */
export function groupFixture(overrides: Partial<Group> = {}): Group {
  return {
    id: '0193a2b4-0000-7000-8000-00000000d001',
    name: 'Network team',
    description: 'Runs the OT and IT networks.',
    member_ids: [],
    roles: [],
    archived_at: null,
    version: 2,
    ...overrides,
  };
}
