import { describe, expect, it } from 'vitest';
import { i18n } from '../../lib/i18n';
import { organizationFixture } from '../../test/fixtures';
import { buildOrganizationPatch, createOrganizationSchema, type OrganizationFormValues, toFormValues } from './organizationForm';

const original = toFormValues(organizationFixture());

function edit(change: (values: OrganizationFormValues) => void): OrganizationFormValues {
  const values = structuredClone(original);
  change(values);
  return values;
}

describe('buildOrganizationPatch', () => {
  it('is undefined when nothing changed', () => {
    expect(buildOrganizationPatch(original, structuredClone(original))).toBeUndefined();
  });

  it('sends changed top-level and settings fields only', () => {
    const patch = buildOrganizationPatch(
      original,
      edit((values) => {
        values.country = 'FR';
        values.settings.timezone = 'Europe/Paris';
      }),
    );
    expect(patch).toEqual({ country: 'FR', settings: { timezone: 'Europe/Paris' } });
  });

  it('replaces the domain list as a whole (merge patch replaces arrays)', () => {
    const patch = buildOrganizationPatch(
      original,
      edit((values) => {
        values.settings.domains = ['acme-energy.example', 'acme.example'];
      }),
    );
    expect(patch).toEqual({ settings: { domains: ['acme-energy.example', 'acme.example'] } });
  });

  it('sends the risk matrix whole when one of its fields changed', () => {
    const patch = buildOrganizationPatch(
      original,
      edit((values) => {
        values.settings.risk_matrix.appetite = 12;
      }),
    );
    expect(patch).toEqual({ settings: { risk_matrix: { likelihood_levels: 5, impact_levels: 5, appetite: 12 } } });
  });

  it('can empty a text field', () => {
    expect(buildOrganizationPatch(original, edit((values) => (values.settings.tax_id = '')))).toEqual({
      settings: { tax_id: '' },
    });
  });

  it('sends the security settings that changed, and only those', () => {
    expect(
      buildOrganizationPatch(
        original,
        edit((values) => {
          values.settings.require_mfa = true;
        }),
      ),
    ).toEqual({ settings: { require_mfa: true } });
    expect(
      buildOrganizationPatch(
        original,
        edit((values) => {
          values.settings.terms_version = '2026-01';
          values.settings.terms_url = 'https://acme-energy.example/terms';
        }),
      ),
    ).toEqual({ settings: { terms_version: '2026-01', terms_url: 'https://acme-energy.example/terms' } });
  });

  it('can turn the requirement of a second factor off again', () => {
    const strict = toFormValues(
      organizationFixture({ settings: { ...organizationFixture().settings, require_mfa: true, terms_version: 'v1', terms_url: 'https://t.example' } }),
    );
    const values = structuredClone(strict);
    values.settings.require_mfa = false;
    expect(buildOrganizationPatch(strict, values)).toEqual({ settings: { require_mfa: false } });
  });
});

describe('createOrganizationSchema', () => {
  const schema = createOrganizationSchema(i18n.t);

  it('accepts the values of a valid organisation', () => {
    expect(schema.safeParse(original).success).toBe(true);
  });

  it.each<[string, (values: OrganizationFormValues) => void, string]>([
    ['empty name', (v) => (v.name = '  '), 'name'],
    ['lower-case country', (v) => (v.country = 'be'), 'country'],
    ['identifier with a leading hyphen', (v) => (v.identifier = '-AC'), 'identifier'],
    ['upper-case domain', (v) => (v.settings.domains = ['Acme.example']), 'settings.domains'],
    ['logo that is not a URL', (v) => (v.settings.logo_url = 'logo.png'), 'settings.logo_url'],
    ['currency code of two letters', (v) => (v.settings.base_currency = 'EU'), 'settings.base_currency'],
    ['too few likelihood levels', (v) => (v.settings.risk_matrix.likelihood_levels = 2), 'settings.risk_matrix.likelihood_levels'],
    ['appetite above the matrix', (v) => (v.settings.risk_matrix.appetite = 26), 'settings.risk_matrix.appetite'],
    ['empty number', (v) => (v.settings.retention.audit_log_days = Number.NaN), 'settings.retention.audit_log_days'],
    ['retention under a year', (v) => (v.settings.retention.audit_log_days = 30), 'settings.retention.audit_log_days'],
    ['terms version with a space', (v) => (v.settings.terms_version = 'v 2'), 'settings.terms_version'],
    ['terms address that is not a URL', (v) => (v.settings.terms_url = 'terms.pdf'), 'settings.terms_url'],
    [
      'terms version without an address to read them',
      (v) => {
        v.settings.terms_version = '2026-01';
        v.settings.terms_url = '';
      },
      'settings.terms_url',
    ],
  ])('rejects %s', (_, change, path) => {
    const result = schema.safeParse(edit(change));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
