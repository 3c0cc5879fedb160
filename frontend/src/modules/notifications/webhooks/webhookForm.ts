/** The webhook endpoint form: its values, rules, and the request bodies it makes (create, merge patch). */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import {
  ALL_EVENTS,
  DEFAULT_WEBHOOK_KIND,
  normalizeEvents,
  type Webhook,
  type WebhookCreate,
  type WebhookKind,
  type WebhookPatch,
  WEBHOOK_KINDS,
} from './webhooksApi';

export interface WebhookFormValues {
  name: string;
  /** Chosen at creation only; an edit never sends it. */
  kind: WebhookKind;
  /**
   * The URL. A Slack endpoint's URL is its credential and the API answers it redacted: editing one starts empty, and
   * an empty URL keeps the stored one.
   */
  url: string;
  /** Event codes, or `*` alone for every event. */
  events: string[];
  enabled: boolean;
}

export const WEBHOOK_FORM_FIELDS = ['name', 'kind', 'url', 'events', 'enabled'] as const;

/** The contract's EventCode pattern. */
const EVENT_CODE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$|^\*$/;

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export interface WebhookSchemaOptions {
  /** Editing a Slack endpoint: an empty URL keeps the stored one. */
  keepUrlWhenEmpty?: boolean;
}

export function createWebhookSchema(t: TFunction, { keepUrlWhenEmpty = false }: WebhookSchemaOptions = {}) {
  const url = z
    .string()
    .trim()
    .max(2000, t('validation.tooLong', { max: 2000 }))
    .refine((value) => value === '' || isHttpUrl(value), t('validation.url'));
  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
    kind: z.enum(WEBHOOK_KINDS),
    url: keepUrlWhenEmpty ? url : url.refine((value) => value !== '', t('validation.required')),
    events: z
      .array(z.string().regex(EVENT_CODE))
      .min(1, t('webhooks.form.eventsRequired'))
      .max(200, t('validation.tooMany', { max: 200 })),
    enabled: z.boolean(),
  });
}

export function emptyWebhookValues(): WebhookFormValues {
  return { name: '', kind: DEFAULT_WEBHOOK_KIND, url: '', events: [], enabled: true };
}

/** The form's starting values for an edit: a Slack endpoint's (redacted) URL is not offered for editing. */
export function toWebhookValues(webhook: Webhook): WebhookFormValues {
  return {
    name: webhook.name,
    kind: webhook.kind,
    url: webhook.kind === 'slack' ? '' : webhook.url,
    events: normalizeEvents(webhook.events),
    enabled: webhook.enabled,
  };
}

export function toWebhookCreate(values: WebhookFormValues): WebhookCreate {
  return {
    name: values.name.trim(),
    kind: values.kind,
    url: values.url.trim(),
    events: normalizeEvents(values.events),
    enabled: values.enabled,
  };
}

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
  const left = [...a].sort();
  const right = [...b].sort();
  return left.length === right.length && left.every((code, index) => code === right[index]);
}

/**
 * The merge patch from `original` to `values` (only what changed), or undefined when nothing did. The kind is never
 * sent; a Slack endpoint's URL only when one was typed (it replaces the stored one).
 */
export function buildWebhookPatch(original: WebhookFormValues, values: WebhookFormValues): WebhookPatch | undefined {
  const next = toWebhookCreate(values);
  const patch: WebhookPatch = {};
  if (next.name !== original.name) patch.name = next.name;
  if (original.kind === 'slack' ? next.url !== '' : next.url !== original.url) patch.url = next.url;
  if (!sameEvents(next.events, normalizeEvents(original.events))) patch.events = next.events;
  if (next.enabled !== original.enabled) patch.enabled = next.enabled;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/**
 * The events multi-select's next value: choosing "all events" replaces the codes, choosing a code while "all events"
 * was there replaces it.
 */
export function nextEventSelection(previous: readonly string[], next: readonly string[]): string[] {
  const hadAll = previous.includes(ALL_EVENTS);
  if (next.includes(ALL_EVENTS) && !hadAll) return [ALL_EVENTS];
  if (hadAll && next.length > 1) return next.filter((code) => code !== ALL_EVENTS);
  return [...next];
}
