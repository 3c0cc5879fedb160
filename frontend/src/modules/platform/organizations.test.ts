import { describe, expect, it } from 'vitest';
import { i18n } from '../../lib/i18n';
import { bootstrapMeFixture, meFixture } from '../../test/fixtures';
import { columnSort, mergeOrganizationsSearch, slugify, validateOrganizationsSearch } from './organizations';
import { canPlatform, isPlatformOnly } from './platformAccess';
import {
  createAdministratorSchema,
  createOrganizationCreateSchema,
  emptyOrganizationCreate,
  type OrganizationCreateValues,
  toOrganizationCreate,
} from './platformForms';

describe('slugify', () => {
  it.each([
    ['Acme Energy', 'acme-energy'],
    ['Société Générale d’Énergie', 'societe-generale-d-energie'],
    ['  --Tëst__ 42!! ', 'test-42'],
    ['東京', ''],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'a'.repeat(62)} b`, 'a'.repeat(62)],
  ])('turns %j into %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});

describe('organisation list search', () => {
  it('keeps what the API accepts and drops the rest', () => {
    expect(validateOrganizationsSearch({ q: ' acme ', kind: 'regulator', sort: '-created_at' })).toEqual({
      q: 'acme',
      kind: 'regulator',
      sort: '-created_at',
    });
    expect(validateOrganizationsSearch({ q: 'x'.repeat(201), kind: 'bank', sort: 'country' })).toEqual({});
    expect(validateOrganizationsSearch({ q: 42 })).toEqual({ q: '42' });
  });

  it('leaves the default sort and emptied filters out of the address', () => {
    expect(mergeOrganizationsSearch({ q: 'acme', sort: '-name' }, { q: '', sort: 'name' })).toEqual({});
    expect(mergeOrganizationsSearch({ kind: 'observer' }, { kind: undefined, q: 'nca' })).toEqual({ q: 'nca' });
  });

  it('sorts a column ascending first, then descending', () => {
    expect(columnSort('name', 'name')).toEqual({ direction: 'ascending', next: '-name' });
    expect(columnSort('-name', 'name')).toEqual({ direction: 'descending', next: 'name' });
    expect(columnSort('-name', 'created_at')).toEqual({ direction: 'none', next: 'created_at' });
  });
});

describe('platform access', () => {
  it('follows /me.platform_level', () => {
    expect(canPlatform(meFixture(), 'read')).toBe(false);
    expect(canPlatform(meFixture({ platform_level: 'read' }), 'read')).toBe(true);
    expect(canPlatform(meFixture({ platform_level: 'read' }), 'admin')).toBe(false);
    expect(canPlatform(bootstrapMeFixture(), 'admin')).toBe(true);
  });

  it('calls platform-only a platform administrator without an active organisation', () => {
    expect(isPlatformOnly(meFixture({ platform_level: 'admin' }))).toBe(false);
    expect(isPlatformOnly(meFixture({ platform_level: 'admin', organizations: [], active_organization_id: null }))).toBe(true);
    expect(isPlatformOnly(meFixture({ organizations: [], active_organization_id: null }))).toBe(false);
    expect(isPlatformOnly(undefined)).toBe(false);
  });
});

describe('new organisation form', () => {
  const schema = createOrganizationCreateSchema(i18n.t);
  const valid: OrganizationCreateValues = {
    ...emptyOrganizationCreate(),
    name: ' National Cyber Authority ',
    slug: 'nca',
    kind: 'regulator',
    identifier: 'NCA',
  };

  it('builds the request body: trimmed name, no empty country, modules in navigation order', () => {
    expect(schema.safeParse(valid).success).toBe(true);
    expect(
      toOrganizationCreate({ ...valid, enabled_modules: ['administration', 'incidents', 'assets'] }),
    ).toEqual({
      name: 'National Cyber Authority',
      slug: 'nca',
      kind: 'regulator',
      identifier: 'NCA',
      enabled_modules: ['assets', 'incidents', 'administration'],
    });
    expect(toOrganizationCreate({ ...valid, country: 'FR' }).country).toBe('FR');
  });

  it.each<[string, Partial<OrganizationCreateValues>, string]>([
    ['a slug with a trailing hyphen', { slug: 'nca-' }, 'slug'],
    ['an upper-case slug', { slug: 'NCA' }, 'slug'],
    ['an empty identifier', { identifier: '' }, 'identifier'],
    ['a one-letter identifier', { identifier: 'N' }, 'identifier'],
    ['a three-letter country', { country: 'FRA' }, 'country'],
    ['no module', { enabled_modules: [] }, 'enabled_modules'],
  ])('rejects %s', (_, change, path) => {
    const result = schema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('checks the administrator’s e-mail address', () => {
    const administrator = createAdministratorSchema(i18n.t);
    expect(administrator.safeParse({ name: 'Claire', email: 'ciso@nca.example' }).success).toBe(true);
    expect(administrator.safeParse({ name: 'Claire', email: 'ciso' }).error?.issues[0]?.message).toBe(
      'Enter a valid e-mail address.',
    );
    expect(administrator.safeParse({ name: ' ', email: 'ciso@nca.example' }).success).toBe(false);
  });
});
