/** The software and licence forms: their values, rules, and the request bodies they make (create, merge patch). */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { type CustomFieldValues, isEmptyValue } from '../assets/assetForm';
import type {
  Licence,
  LicenceCreate,
  LicencePatch,
  Software,
  SoftwareCategory,
  SoftwareCreate,
  SoftwarePatch,
} from './softwareApi';

const COST = /^\d{1,12}(\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

function customPatch(original: CustomFieldValues, values: CustomFieldValues): CustomFieldValues | undefined {
  const custom: CustomFieldValues = {};
  for (const key of new Set([...Object.keys(original), ...Object.keys(values)])) {
    const next = values[key];
    if (!sameValue(original[key], next)) custom[key] = isEmptyValue(next) ? null : next;
  }
  return Object.keys(custom).length > 0 ? custom : undefined;
}

function customCreate(values: CustomFieldValues): CustomFieldValues | undefined {
  const custom = Object.fromEntries(Object.entries(values).filter(([, value]) => !isEmptyValue(value)));
  return Object.keys(custom).length > 0 ? custom : undefined;
}

// ————————————————————————————————————————————————————————————————————————————— software

export interface SoftwareFormValues {
  name: string;
  publisher: string;
  category: SoftwareCategory;
  owner_user_id: string | null;
  owner_group_id: string | null;
  supplier_name: string;
  website: string;
  notes: string;
  tag_ids: string[];
  custom_fields: CustomFieldValues;
}

export const SOFTWARE_FORM_FIELDS = [
  'name',
  'publisher',
  'category',
  'owner_user_id',
  'owner_group_id',
  'supplier_name',
  'website',
  'notes',
  'tag_ids',
] as const;

export function createSoftwareSchema(t: TFunction) {
  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
    publisher: z.string().trim().max(200, t('validation.tooLong', { max: 200 })),
    category: z.custom<SoftwareCategory>((value) => typeof value === 'string'),
    owner_user_id: z.string().nullable(),
    owner_group_id: z.string().nullable(),
    supplier_name: z.string().trim().max(200, t('validation.tooLong', { max: 200 })),
    website: z
      .string()
      .trim()
      .max(500, t('validation.tooLong', { max: 500 }))
      .refine((value) => value === '' || /^https?:\/\/[^\s/]+/.test(value), t('software.form.websiteInvalid')),
    notes: z.string().max(10_000, t('validation.tooLong', { max: 10_000 })),
    tag_ids: z.array(z.string()).max(50, t('validation.tooMany', { max: 50 })),
    custom_fields: z.record(z.string(), z.unknown()),
  });
}

export function emptySoftwareValues(): SoftwareFormValues {
  return {
    name: '',
    publisher: '',
    category: 'other',
    owner_user_id: null,
    owner_group_id: null,
    supplier_name: '',
    website: '',
    notes: '',
    tag_ids: [],
    custom_fields: {},
  };
}

export function toSoftwareValues(software: Software): SoftwareFormValues {
  return {
    name: software.name,
    publisher: software.publisher,
    category: software.category,
    owner_user_id: software.owner_user_id,
    owner_group_id: software.owner_group_id,
    supplier_name: software.supplier_name,
    website: software.website,
    notes: software.notes,
    tag_ids: software.tags.map((tag) => tag.id),
    custom_fields: { ...software.custom_fields },
  };
}

function normalizeSoftware(values: SoftwareFormValues) {
  return {
    name: values.name.trim(),
    publisher: values.publisher.trim(),
    category: values.category,
    owner_user_id: values.owner_user_id,
    owner_group_id: values.owner_group_id,
    supplier_name: values.supplier_name.trim(),
    website: values.website.trim(),
    notes: values.notes,
  };
}

export function toSoftwareCreate(values: SoftwareFormValues): SoftwareCreate {
  const next = normalizeSoftware(values);
  const body: SoftwareCreate = { name: next.name, category: next.category };
  for (const key of ['publisher', 'supplier_name', 'website'] as const) {
    if (next[key]) body[key] = next[key];
  }
  if (next.notes.trim()) body.notes = next.notes;
  if (next.owner_user_id) body.owner_user_id = next.owner_user_id;
  if (next.owner_group_id) body.owner_group_id = next.owner_group_id;
  if (values.tag_ids.length > 0) body.tag_ids = [...values.tag_ids];
  const custom = customCreate(values.custom_fields);
  if (custom) body.custom_fields = custom;
  return body;
}

export function buildSoftwarePatch(original: SoftwareFormValues, values: SoftwareFormValues): SoftwarePatch | undefined {
  const before = normalizeSoftware(original);
  const after = normalizeSoftware(values);
  const patch: SoftwarePatch = {};
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (!sameValue(before[key], after[key])) Object.assign(patch, { [key]: after[key] });
  }
  if (!sameSet(original.tag_ids, values.tag_ids)) patch.tag_ids = [...values.tag_ids];
  const custom = customPatch(original.custom_fields, values.custom_fields);
  if (custom) patch.custom_fields = custom;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

// ————————————————————————————————————————————————————————————————————————————— licences

export interface LicenceFormValues {
  software_id: string | null;
  name: string;
  /** Write-only: empty keeps the stored key (edit) or sets none (create). */
  licence_key: string;
  /** Edit only: remove the stored key. */
  remove_key: boolean;
  unlimited: boolean;
  seats: number | '';
  expires_on: string;
  purchase_date: string;
  cost: string;
  currency: string;
  supplier_name: string;
  notes: string;
  tag_ids: string[];
  custom_fields: CustomFieldValues;
}

export const LICENCE_FORM_FIELDS = [
  'software_id',
  'name',
  'licence_key',
  'seats',
  'expires_on',
  'purchase_date',
  'cost',
  'currency',
  'supplier_name',
  'notes',
  'tag_ids',
] as const;

export function createLicenceSchema(t: TFunction) {
  return z
    .object({
      software_id: z.string().nullable(),
      name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
      licence_key: z.string().max(4000, t('validation.tooLong', { max: 4000 })),
      remove_key: z.boolean(),
      unlimited: z.boolean(),
      seats: z.union([
        z.literal(''),
        z
          .number({ error: t('validation.integer') })
          .int(t('validation.integer'))
          .min(1, t('validation.min', { min: 1 }))
          .max(1_000_000, t('validation.max', { max: 1_000_000 })),
      ]),
      expires_on: z.string().refine((value) => value === '' || DATE.test(value), t('assets.form.dateInvalid')),
      purchase_date: z.string().refine((value) => value === '' || DATE.test(value), t('assets.form.dateInvalid')),
      cost: z
        .string()
        .trim()
        .refine((value) => value === '' || COST.test(value.replace(',', '.')), t('assets.form.costInvalid')),
      currency: z.string().refine((value) => value === '' || CURRENCY.test(value), t('validation.currency')),
      supplier_name: z.string().trim().max(200, t('validation.tooLong', { max: 200 })),
      notes: z.string().max(10_000, t('validation.tooLong', { max: 10_000 })),
      tag_ids: z.array(z.string()).max(50, t('validation.tooMany', { max: 50 })),
      custom_fields: z.record(z.string(), z.unknown()),
    })
    .superRefine((values, context) => {
      if (values.software_id === null) {
        context.addIssue({ code: 'custom', path: ['software_id'], message: t('validation.required') });
      }
      if (!values.unlimited && values.seats === '') {
        context.addIssue({ code: 'custom', path: ['seats'], message: t('software.form.seatsRequired') });
      }
      if (values.cost.trim() !== '' && values.currency === '') {
        context.addIssue({ code: 'custom', path: ['currency'], message: t('assets.form.currencyRequired') });
      }
      if (values.expires_on && values.purchase_date && values.expires_on < values.purchase_date) {
        context.addIssue({ code: 'custom', path: ['expires_on'], message: t('software.form.expiresBeforePurchase') });
      }
    });
}

export function emptyLicenceValues(currency = '', softwareId: string | null = null): LicenceFormValues {
  return {
    software_id: softwareId,
    name: '',
    licence_key: '',
    remove_key: false,
    unlimited: false,
    seats: '',
    expires_on: '',
    purchase_date: '',
    cost: '',
    currency,
    supplier_name: '',
    notes: '',
    tag_ids: [],
    custom_fields: {},
  };
}

export function toLicenceValues(licence: Licence): LicenceFormValues {
  return {
    software_id: licence.software_id,
    name: licence.name,
    licence_key: '',
    remove_key: false,
    unlimited: licence.seats === null,
    seats: licence.seats ?? '',
    expires_on: licence.expires_on ?? '',
    purchase_date: licence.purchase_date ?? '',
    cost: licence.cost ?? '',
    currency: licence.currency ?? '',
    supplier_name: licence.supplier_name,
    notes: licence.notes,
    tag_ids: licence.tags.map((tag) => tag.id),
    custom_fields: { ...licence.custom_fields },
  };
}

function normalizeLicence(values: LicenceFormValues) {
  const cost = values.cost.trim().replace(',', '.');
  return {
    name: values.name.trim(),
    seats: values.unlimited || values.seats === '' ? null : values.seats,
    expires_on: values.expires_on || null,
    purchase_date: values.purchase_date || null,
    cost: cost || null,
    currency: cost ? values.currency || null : null,
    supplier_name: values.supplier_name.trim(),
    notes: values.notes,
  };
}

export function toLicenceCreate(values: LicenceFormValues): LicenceCreate {
  const next = normalizeLicence(values);
  const body: LicenceCreate = { software_id: values.software_id ?? '', name: next.name, seats: next.seats };
  for (const key of ['expires_on', 'purchase_date', 'cost', 'currency'] as const) {
    if (next[key] !== null) Object.assign(body, { [key]: next[key] });
  }
  const key = values.licence_key.trim();
  if (key) body.licence_key = key;
  if (next.supplier_name) body.supplier_name = next.supplier_name;
  if (next.notes.trim()) body.notes = next.notes;
  if (values.tag_ids.length > 0) body.tag_ids = [...values.tag_ids];
  const custom = customCreate(values.custom_fields);
  if (custom) body.custom_fields = custom;
  return body;
}

/** What changed; the key only when a new one was typed (or removal was asked). */
export function buildLicencePatch(original: LicenceFormValues, values: LicenceFormValues): LicencePatch | undefined {
  const before = normalizeLicence(original);
  const after = normalizeLicence(values);
  const patch: LicencePatch = {};
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (!sameValue(before[key], after[key])) Object.assign(patch, { [key]: after[key] });
  }
  const key = values.licence_key.trim();
  if (key) patch.licence_key = key;
  else if (values.remove_key) patch.licence_key = null;
  if (!sameSet(original.tag_ids, values.tag_ids)) patch.tag_ids = [...values.tag_ids];
  const custom = customPatch(original.custom_fields, values.custom_fields);
  if (custom) patch.custom_fields = custom;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
