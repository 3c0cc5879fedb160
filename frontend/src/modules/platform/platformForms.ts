/**
 * The platform forms — a new organisation, its first administrator — with the contract's rules (openapi.yaml
 * OrganizationCreate, AdministratorCreate) and messages in the UI language.
 */
import type { TFunction } from 'i18next';
import type { FieldPath } from 'react-hook-form';
import { z } from 'zod';
import { MODULES } from '../../app/modules';
import type { ModuleSlug } from '../../lib/deployment';
import { type AdministratorCreate, ORGANIZATION_KINDS, type OrganizationCreate } from './organizations';

const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const IDENTIFIER = /^[A-Z0-9][A-Z0-9-]{1,15}$/;
const COUNTRY = /^([A-Z]{2})?$/;

export const ALL_MODULE_SLUGS: readonly ModuleSlug[] = MODULES.map((module) => module.slug);

export function createOrganizationCreateSchema(t: TFunction) {
  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
    slug: z
      .string()
      .min(1, t('validation.required'))
      .max(63, t('validation.tooLong', { max: 63 }))
      .regex(SLUG, t('platformAdmin.validation.slug')),
    kind: z.enum(ORGANIZATION_KINDS, { error: t('validation.required') }),
    identifier: z.string().min(1, t('validation.required')).regex(IDENTIFIER, t('validation.identifier')),
    country: z.string().regex(COUNTRY, t('validation.country')),
    enabled_modules: z
      .array(z.enum(ALL_MODULE_SLUGS as [ModuleSlug, ...ModuleSlug[]]))
      .min(1, t('platformAdmin.validation.modules')),
  });
}

export type OrganizationCreateValues = z.infer<ReturnType<typeof createOrganizationCreateSchema>>;

export const ORGANIZATION_CREATE_FIELDS = [
  'name',
  'slug',
  'kind',
  'identifier',
  'country',
  'enabled_modules',
] as const satisfies readonly FieldPath<OrganizationCreateValues>[];

export function emptyOrganizationCreate(): OrganizationCreateValues {
  return { name: '', slug: '', kind: 'operator', identifier: '', country: '', enabled_modules: [...ALL_MODULE_SLUGS] };
}

/** The request body: the name trimmed, no country when none was given, modules in navigation order. */
export function toOrganizationCreate(values: OrganizationCreateValues): OrganizationCreate {
  const body: OrganizationCreate = {
    name: values.name.trim(),
    slug: values.slug,
    kind: values.kind,
    identifier: values.identifier,
    enabled_modules: ALL_MODULE_SLUGS.filter((slug) => values.enabled_modules.includes(slug)),
  };
  if (values.country) body.country = values.country;
  return body;
}

export function createAdministratorSchema(t: TFunction) {
  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
    email: z
      .string()
      .trim()
      .min(1, t('validation.required'))
      .max(254, t('validation.tooLong', { max: 254 }))
      .pipe(z.email(t('platformAdmin.validation.email'))),
  });
}

export type AdministratorValues = z.infer<ReturnType<typeof createAdministratorSchema>>;

export const ADMINISTRATOR_FIELDS = ['name', 'email'] as const satisfies readonly FieldPath<AdministratorValues>[];

export function toAdministratorCreate(values: AdministratorValues): AdministratorCreate {
  return { name: values.name.trim(), email: values.email.trim() };
}
