/**
 * The organisation's single sign-on (OpenID Connect) settings: reading them with their ETag, the form's values and
 * rules (openapi.yaml SsoSettingsInput, with messages in the UI language) and the PUT body built from them. The client
 * secret is write-only: the form starts empty and an empty field keeps the stored secret.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { FieldPath } from 'react-hook-form';
import { z } from 'zod';
import type { components } from '../../../api/schema';
import { client, unwrap, unwrapVersioned, type Versioned } from '../../../lib/api';
import { auditEventsQueryKey } from '../../../lib/audit';

export type SsoSettings = components['schemas']['SsoSettings'];
export type SsoSettingsInput = components['schemas']['SsoSettingsInput'];
export type Role = components['schemas']['Role'];

export const ssoSettingsQueryKey = ['organization-sso'] as const;

export const ssoSettingsQueryOptions = queryOptions({
  queryKey: ssoSettingsQueryKey,
  queryFn: ({ signal }): Promise<Versioned<SsoSettings>> => unwrapVersioned(client.GET('/organization/sso', { signal })),
});

export function useSsoSettings(enabled = true) {
  return useQuery({ ...ssoSettingsQueryOptions, enabled });
}

/** The ETag to send: the one the server gave, else the one its `version` stands for (`"0"` before any configuration). */
export function ssoEtag(settings: Versioned<SsoSettings>): string {
  return settings.etag ?? `"${String(settings.data.version)}"`;
}

export function usePutSsoSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, etag }: { body: SsoSettingsInput; etag: string }): Promise<Versioned<SsoSettings>> =>
      unwrapVersioned(client.PUT('/organization/sso', { body, params: { header: { 'If-Match': etag } } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(ssoSettingsQueryKey, saved);
      void queryClient.invalidateQueries({ queryKey: auditEventsQueryKey });
    },
  });
}

export const rolesQueryKey = ['roles'] as const;

/** The organisation's roles that can be given (archived ones excluded), by name; one page of the maximum size. */
export function useAssignableRoles(enabled = true) {
  const query = { limit: 200, sort: 'name' as const };
  return useQuery({
    queryKey: [...rolesQueryKey, query],
    queryFn: async ({ signal }): Promise<Role[]> =>
      (await unwrap(client.GET('/roles', { params: { query }, signal }))).data.items,
    enabled,
    staleTime: 60_000,
  });
}

// Patterns and limits of openapi.yaml SsoSettingsInput.
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function createSsoSchema(t: TFunction) {
  return z
    .object({
      enabled: z.boolean(),
      issuer: z
        .string()
        .trim()
        .min(1, t('validation.required'))
        .max(500, t('validation.tooLong', { max: 500 }))
        .refine((value) => value === '' || isHttpUrl(value), t('validation.url')),
      client_id: z.string().trim().min(1, t('validation.required')).max(500, t('validation.tooLong', { max: 500 })),
      client_secret: z.string().max(2000, t('validation.tooLong', { max: 2000 })),
      allowed_domains: z
        .array(z.string())
        .min(1, t('security.sso.validation.domainsRequired'))
        .max(50, t('validation.tooMany', { max: 50 }))
        .superRefine((domains, context) => {
          const invalid = domains.find((domain) => domain.length < 3 || domain.length > 253 || !DOMAIN.test(domain));
          if (invalid !== undefined) context.addIssue({ code: 'custom', message: t('validation.domain', { value: invalid }) });
        }),
      auto_provision: z.boolean(),
      default_role_id: z.string(),
    })
    .superRefine((values, context) => {
      if (values.auto_provision && values.default_role_id === '') {
        context.addIssue({ code: 'custom', path: ['default_role_id'], message: t('security.sso.validation.roleRequired') });
      }
    });
}

export type SsoFormValues = z.infer<ReturnType<typeof createSsoSchema>>;

export const SSO_FORM_FIELDS = [
  'enabled',
  'issuer',
  'client_id',
  'client_secret',
  'allowed_domains',
  'auto_provision',
  'default_role_id',
] as const satisfies readonly FieldPath<SsoFormValues>[];

export function toSsoFormValues(settings: SsoSettings): SsoFormValues {
  return {
    enabled: settings.enabled,
    issuer: settings.issuer,
    client_id: settings.client_id,
    // Never returned by the server: empty means "keep the stored one".
    client_secret: '',
    allowed_domains: [...settings.allowed_domains],
    auto_provision: settings.auto_provision,
    default_role_id: settings.default_role_id ?? '',
  };
}

/** The PUT body: the whole configuration, without `client_secret` when the field was left empty. */
export function toSsoInput(values: SsoFormValues): SsoSettingsInput {
  const input: SsoSettingsInput = {
    enabled: values.enabled,
    issuer: values.issuer.trim(),
    client_id: values.client_id.trim(),
    allowed_domains: [...values.allowed_domains],
    auto_provision: values.auto_provision,
    default_role_id: values.default_role_id === '' ? null : values.default_role_id,
  };
  if (values.client_secret !== '') input.client_secret = values.client_secret;
  return input;
}
