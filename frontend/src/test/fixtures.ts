import type { AuditEvent, AuditEventList } from '../lib/audit';
import type { Meta, ModuleSlug, Organization } from '../lib/deployment';
import type { Problem } from '../lib/api';

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
