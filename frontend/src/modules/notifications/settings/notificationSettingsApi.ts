/**
 * Notification settings and e-mail templates as the SPA reads and changes them (openapi.yaml, tag notifications): the
 * event catalogue, the organisation's choice per event (or the event's defaults), and each event's e-mail template per
 * language (the organisation's own, or the system one). Reading needs `administration` read, changing `administration`
 * admin. Every write sends the version it was made on as `If-Match` (`"0"` over defaults and system templates).
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../../api/schema';
import { client, unwrap } from '../../../lib/api';
import { auditEventsQueryKey } from '../../../lib/audit';

export type NotificationEvent = components['schemas']['NotificationEvent'];
export type NotificationSetting = components['schemas']['NotificationSetting'];
export type NotificationSettingInput = components['schemas']['NotificationSettingInput'];
export type NotificationChannel = components['schemas']['NotificationChannel'];
export type NotificationPlaceholder = components['schemas']['NotificationPlaceholder'];
export type EmailTemplate = components['schemas']['EmailTemplate'];
export type EmailTemplateInput = components['schemas']['EmailTemplateInput'];
export type RenderedEmail = components['schemas']['RenderedEmail'];
export type TemplateLocale = EmailTemplate['locale'];
export type JobRef = components['schemas']['JobRef'];

/** The channels of the contract, in the order the settings table shows them. */
export const CHANNELS: readonly NotificationChannel[] = ['in_app', 'email', 'webhook', 'slack'];
/** The languages a template exists in (LocalePath). */
export const TEMPLATE_LOCALES: readonly TemplateLocale[] = ['en', 'fr', 'de', 'nl'];
/** NotificationSettingInput.offsets_days: at most 10 values of 0 to 365 days. */
export const MAX_OFFSETS = 10;
export const MAX_OFFSET_DAYS = 365;
/** EmailTemplateInput limits. */
export const SUBJECT_MAX = 300;
export const BODY_MAX = 65_536;
/** The API's largest page: the catalogue and the settings are read whole (a few dozen events). */
const MAX_PAGE = 200;

export function isTemplateLocale(value: unknown): value is TemplateLocale {
  return typeof value === 'string' && (TEMPLATE_LOCALES as readonly string[]).includes(value);
}

export const notificationEventsQueryKey = ['notification-events'] as const;
export const notificationSettingsQueryKey = ['notification-settings'] as const;
export const emailTemplatesQueryKey = ['email-templates'] as const;

/** The `If-Match` of a version read from a body (`"0"` for defaults and system templates). */
export function versionEtag(version: number): string {
  return `"${String(version)}"`;
}

async function readAll<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const result = await page(cursor);
    items.push(...result.items);
    cursor = result.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

/** The whole event catalogue, by code. */
export function eventCatalogueQueryOptions() {
  return queryOptions({
    queryKey: [...notificationEventsQueryKey, 'catalogue'] as const,
    queryFn: ({ signal }): Promise<NotificationEvent[]> =>
      readAll(async (cursor) =>
        (
          await unwrap(
            client.GET('/notification-events', { params: { query: { sort: 'code', limit: MAX_PAGE, cursor } }, signal }),
          )
        ).data,
      ),
    staleTime: 5 * 60_000,
  });
}

/** Every event's setting in the organisation (customised or the defaults), by event code. */
export function notificationSettingsQueryOptions() {
  return queryOptions({
    queryKey: [...notificationSettingsQueryKey, 'all'] as const,
    queryFn: ({ signal }): Promise<NotificationSetting[]> =>
      readAll(async (cursor) =>
        (
          await unwrap(
            client.GET('/notification-settings', { params: { query: { sort: 'event', limit: MAX_PAGE, cursor } }, signal }),
          )
        ).data,
      ),
  });
}

/** The template in force for an event and language, with the placeholders it may use. */
export function emailTemplateQueryOptions(event: string, locale: TemplateLocale) {
  return queryOptions({
    queryKey: [...emailTemplatesQueryKey, 'detail', event, locale] as const,
    queryFn: async ({ signal }): Promise<EmailTemplate> =>
      (await unwrap(client.GET('/email-templates/{event}/{locale}', { params: { path: { event, locale } }, signal }))).data,
  });
}

/** The rendering of an unsaved template with the event's example values (nothing is stored or sent). */
export function emailPreviewQueryOptions(event: string, locale: TemplateLocale, input: EmailTemplateInput) {
  return queryOptions({
    queryKey: [...emailTemplatesQueryKey, 'preview', event, locale, input] as const,
    queryFn: async ({ signal }): Promise<RenderedEmail> =>
      (
        await unwrap(
          client.POST('/email-templates/{event}/{locale}/preview', { params: { path: { event, locale } }, body: input, signal }),
        )
      ).data,
    // The same text renders the same: no need to ask again while the user types elsewhere.
    staleTime: Infinity,
    gcTime: 60_000,
    retry: false,
  });
}

/** Saves an event's setting over the `version` it was made on, and puts the answer in the settings list. */
export function useSaveNotificationSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ event, version, input }: { event: string; version: number; input: NotificationSettingInput }) =>
      (
        await unwrap(
          client.PUT('/notification-settings/{event}', {
            params: { path: { event }, header: { 'If-Match': versionEtag(version) } },
            body: input,
          }),
        )
      ).data,
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationSettingsQueryOptions().queryKey, (previous) =>
        previous?.map((setting) => (setting.event === saved.event ? saved : setting)),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
  });
}

function useStoreTemplate() {
  const queryClient = useQueryClient();
  return (saved: EmailTemplate) => {
    queryClient.setQueryData(emailTemplateQueryOptions(saved.event, saved.locale).queryKey, saved);
  };
}

/** Saves the organisation's template over the `version` read (`0`: over the system template). */
export function useSaveEmailTemplate(event: string, locale: TemplateLocale) {
  const queryClient = useQueryClient();
  const store = useStoreTemplate();
  return useMutation({
    mutationFn: async ({ version, input }: { version: number; input: EmailTemplateInput }) =>
      (
        await unwrap(
          client.PUT('/email-templates/{event}/{locale}', {
            params: { path: { event, locale }, header: { 'If-Match': versionEtag(version) } },
            body: input,
          }),
        )
      ).data,
    onSuccess: store,
    onSettled: () => queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
  });
}

/** Removes the organisation's template: the system one applies again. */
export function useResetEmailTemplate(event: string, locale: TemplateLocale) {
  const queryClient = useQueryClient();
  const store = useStoreTemplate();
  return useMutation({
    mutationFn: async () =>
      (await unwrap(client.POST('/email-templates/{event}/{locale}/reset', { params: { path: { event, locale } } }))).data,
    onSuccess: store,
    onSettled: () => queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
  });
}

/** E-mails the rendered (unsaved) template to the caller through the job engine; 409 when e-mail is not configured. */
export function useTestEmailTemplate(event: string, locale: TemplateLocale) {
  return useMutation({
    mutationFn: async (input: EmailTemplateInput): Promise<JobRef> =>
      (
        await unwrap(
          client.POST('/email-templates/{event}/{locale}/test', { params: { path: { event, locale } }, body: input }),
        )
      ).data,
  });
}
