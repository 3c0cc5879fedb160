/**
 * The organisation settings form: its values (shaped like the API so that server field paths match form paths), its
 * client-side rules (the contract's, with messages in the UI language) and the merge patch built from what changed.
 */
import type { TFunction } from 'i18next';
import type { FieldPath } from 'react-hook-form';
import { z } from 'zod';
import type { components } from '../../api/schema';
import type { Organization } from '../../lib/deployment';

export type OrganizationPatch = components['schemas']['OrganizationPatch'];
type SettingsPatch = components['schemas']['SettingsPatch'];

// Patterns and limits of openapi.yaml (OrganizationPatch, SettingsPatch, RiskMatrix, Retention).
const COUNTRY = /^([A-Z]{2})?$/;
const IDENTIFIER = /^[A-Z0-9][A-Z0-9-]{1,15}$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CURRENCY = /^[A-Z]{3}$/;
const TERMS_VERSION = /^[A-Za-z0-9._-]*$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function createOrganizationSchema(t: TFunction) {
  const text = (max: number) => z.string().max(max, t('validation.tooLong', { max }));
  const integer = (min: number, max: number) =>
    z
      .number({ error: t('validation.integer') })
      .int(t('validation.integer'))
      .min(min, t('validation.min', { min }))
      .max(max, t('validation.max', { max }));

  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
    country: z.string().regex(COUNTRY, t('validation.country')),
    identifier: z.string().refine((value) => value === '' || IDENTIFIER.test(value), t('validation.identifier')),
    settings: z.object({
      legal_name: text(200),
      tax_id: text(64),
      domains: z
        .array(z.string())
        .max(50, t('validation.tooMany', { max: 50 }))
        .superRefine((domains, context) => {
          const invalid = domains.find((domain) => domain.length > 253 || !DOMAIN.test(domain));
          if (invalid !== undefined) context.addIssue({ code: 'custom', message: t('validation.domain', { value: invalid }) });
        }),
      logo_url: text(2000).refine((value) => value === '' || isHttpUrl(value), t('validation.url')),
      timezone: text(64),
      base_currency: z.string().refine((value) => value === '' || CURRENCY.test(value), t('validation.currency')),
      risk_matrix: z
        .object({
          likelihood_levels: integer(3, 10),
          impact_levels: integer(3, 10),
          appetite: integer(1, 100),
        })
        .superRefine((matrix, context) => {
          const max = matrix.likelihood_levels * matrix.impact_levels;
          if (Number.isFinite(max) && matrix.appetite > max) {
            context.addIssue({ code: 'custom', path: ['appetite'], message: t('validation.appetite', { max }) });
          }
        }),
      retention: z.object({ audit_log_days: integer(365, 36500) }),
      require_mfa: z.boolean(),
      terms_version: text(64).regex(TERMS_VERSION, t('security.validation.termsVersion')),
      terms_url: text(2000).refine((value) => value === '' || isHttpUrl(value), t('validation.url')),
    })
      // Members are asked to accept terms they must be able to read.
      .refine((settings) => settings.terms_version === '' || settings.terms_url !== '', {
        path: ['terms_url'],
        message: t('security.validation.termsUrlRequired'),
      }),
  });
}

export type OrganizationFormValues = z.infer<ReturnType<typeof createOrganizationSchema>>;

/** Every input of the form, for mapping the server's `errors[].field` onto them. */
export const ORGANIZATION_FORM_FIELDS = [
  'name',
  'country',
  'identifier',
  'settings.legal_name',
  'settings.tax_id',
  'settings.domains',
  'settings.logo_url',
  'settings.timezone',
  'settings.base_currency',
  'settings.risk_matrix.likelihood_levels',
  'settings.risk_matrix.impact_levels',
  'settings.risk_matrix.appetite',
  'settings.retention.audit_log_days',
  'settings.require_mfa',
  'settings.terms_version',
  'settings.terms_url',
] as const satisfies readonly FieldPath<OrganizationFormValues>[];

export function toFormValues(organization: Organization): OrganizationFormValues {
  const { settings } = organization;
  return {
    name: organization.name,
    country: organization.country,
    identifier: organization.identifier,
    settings: {
      legal_name: settings.legal_name,
      tax_id: settings.tax_id,
      domains: [...settings.domains],
      logo_url: settings.logo_url,
      timezone: settings.timezone,
      base_currency: settings.base_currency,
      risk_matrix: { ...settings.risk_matrix },
      retention: { ...settings.retention },
      require_mfa: settings.require_mfa,
      terms_version: settings.terms_version,
      terms_url: settings.terms_url,
    },
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function sameFlat<T extends object>(a: T, b: T): boolean {
  return (Object.keys(a) as (keyof T)[]).every((key) => a[key] === b[key]);
}

/**
 * The JSON Merge Patch (RFC 7396) that turns `original` into `values`: only what changed, nested objects as far as
 * the contract allows (risk_matrix and retention are sent whole, their fields are all required). Undefined when
 * nothing changed.
 */
export function buildOrganizationPatch(
  original: OrganizationFormValues,
  values: OrganizationFormValues,
): OrganizationPatch | undefined {
  const patch: OrganizationPatch = {};
  if (values.name !== original.name) patch.name = values.name;
  if (values.country !== original.country) patch.country = values.country;
  if (values.identifier !== original.identifier) patch.identifier = values.identifier;

  const before = original.settings;
  const after = values.settings;
  const settings: SettingsPatch = {};
  if (after.legal_name !== before.legal_name) settings.legal_name = after.legal_name;
  if (after.tax_id !== before.tax_id) settings.tax_id = after.tax_id;
  if (!sameList(after.domains, before.domains)) settings.domains = [...after.domains];
  if (after.logo_url !== before.logo_url) settings.logo_url = after.logo_url;
  if (after.timezone !== before.timezone) settings.timezone = after.timezone;
  if (after.base_currency !== before.base_currency) settings.base_currency = after.base_currency;
  if (!sameFlat(after.risk_matrix, before.risk_matrix)) settings.risk_matrix = { ...after.risk_matrix };
  if (!sameFlat(after.retention, before.retention)) settings.retention = { ...after.retention };
  if (after.require_mfa !== before.require_mfa) settings.require_mfa = after.require_mfa;
  if (after.terms_version !== before.terms_version) settings.terms_version = after.terms_version;
  if (after.terms_url !== before.terms_url) settings.terms_url = after.terms_url;
  if (Object.keys(settings).length > 0) patch.settings = settings;

  return Object.keys(patch).length > 0 ? patch : undefined;
}
