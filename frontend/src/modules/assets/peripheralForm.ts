/** The peripheral form: its values, rules, and the request bodies it makes (create, merge patch of what changed). */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { type CustomFieldValues, isEmptyValue } from './assetForm';
import type { Peripheral, PeripheralCreate, PeripheralPatch } from './peripheralsApi';

export interface PeripheralFormValues {
  name: string;
  serial: string;
  model_id: string | null;
  asset_id: string | null;
  location_id: string | null;
  purchase_date: string;
  cost: string;
  currency: string;
  warranty_months: number | '';
  supplier_name: string;
  notes: string;
  tag_ids: string[];
  custom_fields: CustomFieldValues;
}

export const PERIPHERAL_FORM_FIELDS = [
  'name',
  'serial',
  'model_id',
  'asset_id',
  'location_id',
  'purchase_date',
  'cost',
  'currency',
  'warranty_months',
  'supplier_name',
  'notes',
  'tag_ids',
] as const;

export const COST = /^\d{1,12}(\.\d{1,2})?$/;
export const CURRENCY = /^[A-Z]{3}$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function createPeripheralSchema(t: TFunction) {
  return z
    .object({
      name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
      serial: z.string().trim().max(128, t('validation.tooLong', { max: 128 })),
      model_id: z.string().nullable(),
      asset_id: z.string().nullable(),
      location_id: z.string().nullable(),
      purchase_date: z.string().refine((value) => value === '' || DATE.test(value), t('assets.form.dateInvalid')),
      cost: z
        .string()
        .trim()
        .refine((value) => value === '' || COST.test(value.replace(',', '.')), t('assets.form.costInvalid')),
      currency: z.string().refine((value) => value === '' || CURRENCY.test(value), t('validation.currency')),
      warranty_months: z.union([
        z.literal(''),
        z
          .number({ error: t('validation.integer') })
          .int(t('validation.integer'))
          .min(0, t('validation.min', { min: 0 }))
          .max(240, t('validation.max', { max: 240 })),
      ]),
      supplier_name: z.string().trim().max(200, t('validation.tooLong', { max: 200 })),
      notes: z.string().max(10_000, t('validation.tooLong', { max: 10_000 })),
      tag_ids: z.array(z.string()).max(50, t('validation.tooMany', { max: 50 })),
      custom_fields: z.record(z.string(), z.unknown()),
    })
    .superRefine((values, context) => {
      if (values.cost.trim() !== '' && values.currency === '') {
        context.addIssue({ code: 'custom', path: ['currency'], message: t('assets.form.currencyRequired') });
      }
    });
}

export function emptyPeripheralValues(currency = '', assetId: string | null = null): PeripheralFormValues {
  return {
    name: '',
    serial: '',
    model_id: null,
    asset_id: assetId,
    location_id: null,
    purchase_date: '',
    cost: '',
    currency,
    warranty_months: '',
    supplier_name: '',
    notes: '',
    tag_ids: [],
    custom_fields: {},
  };
}

export function toPeripheralValues(peripheral: Peripheral): PeripheralFormValues {
  return {
    name: peripheral.name,
    serial: peripheral.serial ?? '',
    model_id: peripheral.model_id,
    asset_id: peripheral.asset_id,
    location_id: peripheral.location_id,
    purchase_date: peripheral.purchase_date ?? '',
    cost: peripheral.cost ?? '',
    currency: peripheral.currency ?? '',
    warranty_months: peripheral.warranty_months ?? '',
    supplier_name: peripheral.supplier_name,
    notes: peripheral.notes,
    tag_ids: peripheral.tags.map((tag) => tag.id),
    custom_fields: { ...peripheral.custom_fields },
  };
}

function normalize(values: PeripheralFormValues) {
  const cost = values.cost.trim().replace(',', '.');
  return {
    name: values.name.trim(),
    serial: values.serial.trim() || null,
    model_id: values.model_id,
    asset_id: values.asset_id,
    location_id: values.location_id,
    purchase_date: values.purchase_date || null,
    cost: cost || null,
    currency: cost ? values.currency || null : null,
    warranty_months: values.warranty_months === '' ? null : values.warranty_months,
    supplier_name: values.supplier_name.trim(),
    notes: values.notes,
  };
}

export function toPeripheralCreate(values: PeripheralFormValues): PeripheralCreate {
  const next = normalize(values);
  const body: PeripheralCreate = { name: next.name };
  for (const key of ['serial', 'model_id', 'asset_id', 'location_id', 'purchase_date', 'cost', 'currency', 'warranty_months'] as const) {
    if (next[key] !== null) Object.assign(body, { [key]: next[key] });
  }
  if (next.supplier_name) body.supplier_name = next.supplier_name;
  if (next.notes.trim()) body.notes = next.notes;
  if (values.tag_ids.length > 0) body.tag_ids = [...values.tag_ids];
  const custom = Object.fromEntries(Object.entries(values.custom_fields).filter(([, value]) => !isEmptyValue(value)));
  if (Object.keys(custom).length > 0) body.custom_fields = custom;
  return body;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function buildPeripheralPatch(original: PeripheralFormValues, values: PeripheralFormValues): PeripheralPatch | undefined {
  const before = normalize(original);
  const after = normalize(values);
  const patch: PeripheralPatch = {};
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (!sameValue(before[key], after[key])) Object.assign(patch, { [key]: after[key] });
  }
  const sameTags =
    original.tag_ids.length === values.tag_ids.length && original.tag_ids.every((id) => values.tag_ids.includes(id));
  if (!sameTags) patch.tag_ids = [...values.tag_ids];
  const custom: CustomFieldValues = {};
  for (const key of new Set([...Object.keys(original.custom_fields), ...Object.keys(values.custom_fields)])) {
    const next = values.custom_fields[key];
    if (!sameValue(original.custom_fields[key], next)) custom[key] = isEmptyValue(next) ? null : next;
  }
  if (Object.keys(custom).length > 0) patch.custom_fields = custom;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
