/** The location form: its values, rules, and the request bodies it makes (create, merge patch of what changed). */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { type CustomFieldValues, isEmptyValue } from './assetForm';
import type { Location, LocationCreate, LocationPatch } from './assetsApi';

export interface LocationFormValues {
  name: string;
  address_line1: string;
  address_line2: string;
  postal_code: string;
  city: string;
  /** ISO 3166-1 alpha-2, or ''. */
  country: string;
  timezone: string;
  physical: boolean;
  notes: string;
  custom_fields: CustomFieldValues;
}

export const LOCATION_FORM_FIELDS = [
  'name',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'country',
  'timezone',
  'physical',
  'notes',
] as const;

type TextField = Exclude<keyof LocationFormValues, 'physical' | 'custom_fields'>;
const TEXT_FIELDS: readonly TextField[] = [
  'name',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'country',
  'timezone',
  'notes',
];

export function createLocationSchema(t: TFunction) {
  const text = (max: number) => z.string().trim().max(max, t('validation.tooLong', { max }));
  return z.object({
    name: text(200).min(1, t('validation.required')),
    address_line1: text(200),
    address_line2: text(200),
    postal_code: text(20),
    city: text(100),
    country: z
      .string()
      .trim()
      .refine((value) => value === '' || /^[A-Z]{2}$/.test(value), t('validation.country')),
    timezone: text(64).min(1, t('validation.required')),
    physical: z.boolean(),
    notes: text(5000),
    custom_fields: z.record(z.string(), z.unknown()),
  });
}

export function emptyLocationValues(timezone = 'UTC'): LocationFormValues {
  return {
    name: '',
    address_line1: '',
    address_line2: '',
    postal_code: '',
    city: '',
    country: '',
    timezone,
    physical: true,
    notes: '',
    custom_fields: {},
  };
}

export function toLocationValues(location: Location): LocationFormValues {
  return {
    name: location.name,
    address_line1: location.address_line1,
    address_line2: location.address_line2,
    postal_code: location.postal_code,
    city: location.city,
    country: location.country,
    timezone: location.timezone,
    physical: location.physical,
    notes: location.notes,
    custom_fields: { ...location.custom_fields },
  };
}

function trimmed(values: LocationFormValues): Record<TextField, string> {
  return Object.fromEntries(TEXT_FIELDS.map((field) => [field, values[field].trim()])) as Record<TextField, string>;
}

/** The creation body: the name, time zone and kind, and whatever else was filled in. */
export function toLocationCreate(values: LocationFormValues): LocationCreate {
  const text = trimmed(values);
  const body: LocationCreate = { name: text.name, timezone: text.timezone, physical: values.physical };
  for (const field of TEXT_FIELDS) {
    if (field !== 'name' && field !== 'timezone' && text[field] !== '') body[field] = text[field];
  }
  const custom = Object.fromEntries(Object.entries(values.custom_fields).filter(([, value]) => !isEmptyValue(value)));
  if (Object.keys(custom).length > 0) body.custom_fields = custom;
  return body;
}

/** The merge patch from `original` to `values`, or undefined when nothing changed. */
export function buildLocationPatch(original: LocationFormValues, values: LocationFormValues): LocationPatch | undefined {
  const before = trimmed(original);
  const after = trimmed(values);
  const patch: LocationPatch = {};
  for (const field of TEXT_FIELDS) {
    if (before[field] !== after[field]) patch[field] = after[field];
  }
  if (original.physical !== values.physical) patch.physical = values.physical;
  const custom: CustomFieldValues = {};
  for (const key of new Set([...Object.keys(original.custom_fields), ...Object.keys(values.custom_fields)])) {
    const previous = original.custom_fields[key];
    const next = values.custom_fields[key];
    const same = (isEmptyValue(previous) && isEmptyValue(next)) || JSON.stringify(previous) === JSON.stringify(next);
    if (!same) custom[key] = isEmptyValue(next) ? null : next;
  }
  if (Object.keys(custom).length > 0) patch.custom_fields = custom;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
