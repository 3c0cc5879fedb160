/**
 * First-run setup of a new deployment (`GET/POST /setup`): whether it is still needed, and the form that creates the
 * platform administrator and the first organisation.
 */
import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { components } from '../../api/schema';
import { client, unwrap } from '../../lib/api';
import { EMAIL_PATTERN } from './email';
import { newPasswordSchema } from './passwordPolicy';

export type SetupRequest = components['schemas']['SetupRequest'];
export type OrganizationKind = components['schemas']['OrganizationKind'];

export const ORGANIZATION_KINDS: readonly OrganizationKind[] = ['operator', 'regulator', 'observer'];

export const setupStatusQueryKey = ['setup-status'] as const;

/** `GET /setup`: true only on a deployment without any user. Once false it stays so. */
export const setupStatusQueryOptions = queryOptions({
  queryKey: setupStatusQueryKey,
  queryFn: async ({ signal }) => (await unwrap(client.GET('/setup', { signal }))).data,
  staleTime: 30_000,
});

/** Whether setup is still needed; undefined when the server could not say (the caller then carries on). */
export async function setupRequired(queryClient: QueryClient): Promise<boolean | undefined> {
  try {
    return (await queryClient.query(setupStatusQueryOptions)).required;
  } catch {
    return undefined;
  }
}

/** The slug rules of OrganizationCreate: lower-case letters, digits and inner hyphens, at most 63. */
export const SLUG_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const SLUG_MAX = 63;
export const IDENTIFIER_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,15}$/;
const COUNTRY_PATTERN = /^([A-Z]{2})?$/;

/** Letters that Unicode does not decompose into a base letter and accents. */
const LIGATURES: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** A slug from an organisation's name: "Société Générale Énergie" → "societe-generale-energie". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (letter) => LIGATURES[letter] ?? letter)
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
}

export function createSetupSchema(t: TFunction) {
  return z
    .object({
      setup_code: z
        .string()
        .trim()
        .min(1, t('validation.required'))
        .max(64, t('validation.tooLong', { max: 64 })),
      name: z
        .string()
        .trim()
        .min(1, t('validation.required'))
        .max(200, t('validation.tooLong', { max: 200 })),
      email: z
        .string()
        .trim()
        .min(1, t('validation.required'))
        .max(254, t('validation.tooLong', { max: 254 }))
        .regex(EMAIL_PATTERN, t('login.errors.email')),
      password: newPasswordSchema(t),
      confirmation: z.string(),
      organization: z.object({
        name: z
          .string()
          .trim()
          .min(1, t('validation.required'))
          .max(200, t('validation.tooLong', { max: 200 })),
        slug: z
          .string()
          .trim()
          .min(1, t('validation.required'))
          .max(SLUG_MAX, t('validation.tooLong', { max: SLUG_MAX }))
          .regex(SLUG_PATTERN, t('setup.errors.slug')),
        kind: z.enum(['operator', 'regulator', 'observer']),
        identifier: z.string().trim().min(1, t('validation.required')).regex(IDENTIFIER_PATTERN, t('validation.identifier')),
        country: z.string().trim().regex(COUNTRY_PATTERN, t('validation.country')),
      }),
    })
    .refine((values) => values.password === values.confirmation, {
      path: ['confirmation'],
      message: t('auth.password.mismatch'),
    });
}

export type SetupFormValues = z.input<ReturnType<typeof createSetupSchema>>;
export type SetupFormOutput = z.output<ReturnType<typeof createSetupSchema>>;

export const SETUP_FORM_FIELDS = [
  'setup_code',
  'name',
  'email',
  'password',
  'confirmation',
  'organization.name',
  'organization.slug',
  'organization.kind',
  'organization.identifier',
  'organization.country',
] as const;

export const EMPTY_SETUP_FORM: SetupFormValues = {
  setup_code: '',
  name: '',
  email: '',
  password: '',
  confirmation: '',
  organization: { name: '', slug: '', kind: 'operator', identifier: '', country: '' },
};

/** The request body: the confirmation stays here, an empty country is left out. */
export function toSetupRequest(values: SetupFormOutput): SetupRequest {
  const { country, ...organization } = values.organization;
  return {
    setup_code: values.setup_code,
    name: values.name,
    email: values.email,
    password: values.password,
    organization: country ? { ...organization, country } : organization,
  };
}
