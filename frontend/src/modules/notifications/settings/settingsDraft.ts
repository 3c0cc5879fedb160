/**
 * The settings table's model: the catalogue merged with the organisation's settings, and the unsaved changes of each
 * row. A row's draft holds only the fields the user changed and the version they were changed on, so that a newer
 * version read afterwards shows everyone else's choices under the user's, and a save over a stale version is refused
 * (412) instead of silently undoing someone else's change.
 */
import {
  CHANNELS,
  MAX_OFFSET_DAYS,
  type NotificationChannel,
  type NotificationEvent,
  type NotificationSetting,
  type NotificationSettingInput,
} from './notificationSettingsApi';

export type SettingValues = Pick<NotificationSetting, 'enabled' | 'channels' | 'offsets_days' | 'recipient_role_ids'>;
export type SettingField = keyof SettingValues;

export interface SettingRow {
  event: NotificationEvent;
  setting: NotificationSetting;
}

export interface Draft {
  /** The version the changes were made on: the `If-Match` of their save. */
  base: number;
  changes: Partial<SettingValues>;
}

/** The setting an event has until the organisation chooses (what the API answers for it, `customised` false). */
export function defaultSettingOf(event: NotificationEvent): NotificationSetting {
  return {
    event: event.code,
    enabled: true,
    channels: normaliseChannels(event.default_channels),
    offsets_days: [],
    recipient_role_ids: [],
    customised: false,
    version: 0,
  };
}

/** One row per event of the catalogue, in the catalogue's order, with its setting (or its defaults). */
export function mergeCatalogue(events: readonly NotificationEvent[], settings: readonly NotificationSetting[]): SettingRow[] {
  const byEvent = new Map(settings.map((setting) => [setting.event, setting]));
  return events.map((event) => ({ event, setting: byEvent.get(event.code) ?? defaultSettingOf(event) }));
}

/** The rows grouped by the events' module, modules in order of first appearance. */
export function groupByModule(rows: readonly SettingRow[]): { module: string; rows: SettingRow[] }[] {
  const groups = new Map<string, SettingRow[]>();
  for (const row of rows) {
    const group = groups.get(row.event.module);
    if (group) group.push(row);
    else groups.set(row.event.module, [row]);
  }
  return [...groups].map(([module, grouped]) => ({ module, rows: grouped }));
}

/** Channels without duplicates, in the table's order. */
export function normaliseChannels(channels: readonly NotificationChannel[]): NotificationChannel[] {
  return CHANNELS.filter((channel) => channels.includes(channel));
}

/** Offsets without duplicates, smallest first (the server sorts them too). */
export function normaliseOffsets(offsets: readonly number[]): number[] {
  return [...new Set(offsets)].sort((a, b) => a - b);
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

function sameValue<F extends SettingField>(field: F, a: SettingValues[F], b: SettingValues[F]): boolean {
  if (field === 'enabled') return a === b;
  return sameSet(a as readonly unknown[], b as readonly unknown[]);
}

/** What a row shows: the setting as read, with the user's changes on top. */
export function valuesOf(setting: NotificationSetting, draft: Draft | undefined): SettingValues {
  return {
    enabled: setting.enabled,
    channels: setting.channels,
    offsets_days: setting.offsets_days,
    recipient_role_ids: setting.recipient_role_ids,
    ...draft?.changes,
  };
}

/**
 * The draft after the user set `field` to `value`: a value back to what is saved is no longer a change, and a draft
 * without changes is no draft (undefined).
 */
export function withChange<F extends SettingField>(
  setting: NotificationSetting,
  draft: Draft | undefined,
  field: F,
  value: SettingValues[F],
): Draft | undefined {
  const others = Object.fromEntries(
    Object.entries(draft?.changes ?? {}).filter(([candidate]) => candidate !== field),
  ) as Partial<SettingValues>;
  const changes: Partial<SettingValues> = sameValue(field, value, setting[field]) ? others : { ...others, [field]: value };
  if (Object.keys(changes).length === 0) return undefined;
  return { base: draft?.base ?? setting.version, changes };
}

/** True when the draft was made on an older version than the one read since (someone else saved in between). */
export function isStale(setting: NotificationSetting, draft: Draft | undefined): boolean {
  return draft !== undefined && draft.base !== setting.version;
}

/** The PUT body: the whole setting, as the row shows it. */
export function toInput(values: SettingValues): NotificationSettingInput {
  return {
    enabled: values.enabled,
    channels: normaliseChannels(values.channels),
    offsets_days: normaliseOffsets(values.offsets_days),
    recipient_role_ids: [...new Set(values.recipient_role_ids)],
  };
}

/** A typed reminder offset: a whole number of days from 0 to 365, else undefined. */
export function parseOffset(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,3}$/.test(trimmed)) return undefined;
  const days = Number(trimmed);
  return days <= MAX_OFFSET_DAYS ? days : undefined;
}

/** The offsets of a tags input's entries, and the entries that are not valid offsets. */
export function parseOffsets(entries: readonly string[]): { offsets: number[]; invalid: string[] } {
  const offsets: number[] = [];
  const invalid: string[] = [];
  for (const entry of entries) {
    const days = parseOffset(entry);
    if (days === undefined) invalid.push(entry.trim());
    else offsets.push(days);
  }
  return { offsets: normaliseOffsets(offsets), invalid };
}

const SETTING_FIELDS: readonly SettingField[] = ['enabled', 'channels', 'offsets_days', 'recipient_role_ids'];

/**
 * The draft moved onto a newer version of the setting (after a reload): the user's changes stay on top of it, those
 * that the newer version already holds are no longer changes, and the next save goes over the newer version.
 */
export function rebase(setting: NotificationSetting, draft: Draft): Draft | undefined {
  let next: Draft | undefined;
  for (const field of SETTING_FIELDS) {
    const value = draft.changes[field];
    if (value !== undefined) next = withChange(setting, next, field, value);
  }
  return next;
}
