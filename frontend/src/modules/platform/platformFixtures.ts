/** Test data of the platform and security pages (kept here rather than in the shared src/test/fixtures.ts). */
import type { Role, SsoSettings } from '../administration/security/ssoSettings';
import type { AdministratorCreated, OrganizationList } from './organizations';
import { organizationFixture } from '../../test/fixtures';

export const NCA_ORGANIZATION = organizationFixture({
  id: '0193a2b4-0000-7000-8000-00000000a2a2',
  name: 'National Cyber Authority',
  slug: 'nca',
  kind: 'regulator',
  identifier: 'NCA',
  country: 'FR',
  enabled_modules: ['notifications_regulatory', 'administration'],
  created_at: '2026-02-01T09:00:00Z',
});

export function organizationListFixture(
  items = [organizationFixture(), NCA_ORGANIZATION],
  overrides: Partial<OrganizationList> = {},
): OrganizationList {
  return { items, next_cursor: null, total: items.length, ...overrides };
}

export function administratorCreatedFixture(overrides: Partial<AdministratorCreated> = {}): AdministratorCreated {
  return {
    user_id: '0193a2b4-0000-7000-8000-0000000000bb',
    email: 'ciso@nca.example',
    created: true,
    one_time_password: 'Tmp-7gQ2-kX9p-Lm4w',
    ...overrides,
  };
}

export function ssoSettingsFixture(overrides: Partial<SsoSettings> = {}): SsoSettings {
  return {
    configured: true,
    enabled: true,
    issuer: 'https://login.acme-energy.example/realms/acme',
    client_id: 'opsdeck',
    client_secret_set: true,
    allowed_domains: ['acme-energy.example'],
    auto_provision: false,
    default_role_id: null,
    redirect_uri: 'https://opsdeck.example/api/v1/auth/sso/callback',
    start_url: 'https://opsdeck.example/api/v1/auth/sso/acme-energy/start',
    version: 5,
    ...overrides,
  };
}

/** What GET /organization/sso answers before the first configuration. */
export function unconfiguredSsoFixture(): SsoSettings {
  return ssoSettingsFixture({
    configured: false,
    enabled: false,
    issuer: '',
    client_id: '',
    client_secret_set: false,
    allowed_domains: [],
    version: 0,
  });
}

export function roleFixture(overrides: Partial<Role> = {}): Role {
  return {
    id: '0193a2b4-0000-7000-8000-00000000e001',
    name: 'Employee',
    description: 'Reads what concerns them.',
    builtin_key: 'employee',
    permissions: [],
    member_count: 0,
    archived_at: null,
    version: 1,
    ...overrides,
  };
}
