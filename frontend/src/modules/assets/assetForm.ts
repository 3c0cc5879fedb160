/** The asset form: its values, rules, and the request bodies it makes (create, merge patch of what changed). */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Asset, AssetCreate, AssetPatch } from './assetsApi';

export type CustomFieldValues = Record<string, unknown>;

export interface AssetFormValues {
  name: string;
  asset_tag: string;
  serial: string;
  model_id: string | null;
  location_id: string | null;
  /** `YYYY-MM-DD`, or '' for none. */
  purchase_date: string;
  /** Decimal string ("1299.00"), or '' for none. */
  cost: string;
  /** ISO 4217, or '' for none. */
  currency: string;
  warranty_months: number | '';
  supplier_name: string;
  critical: boolean;
  virtual: boolean;
  comments: string;
  tag_ids: string[];
  custom_fields: CustomFieldValues;
}

/** The form's fields that a server error can point at (`custom_fields.<key>` goes to the custom field inputs). */
export const ASSET_FORM_FIELDS = [
  'name',
  'asset_tag',
  'serial',
  'model_id',
  'location_id',
  'purchase_date',
  'cost',
  'currency',
  'warranty_months',
  'supplier_name',
  'critical',
  'virtual',
  'comments',
  'tag_ids',
] as const;

/** The contract's cost pattern: up to 12 digits, then up to 2 decimals. */
const COST = /^\d{1,12}(\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function createAssetSchema(t: TFunction) {
  return z
    .object({
      name: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
      asset_tag: z.string().trim().max(64, t('validation.tooLong', { max: 64 })),
      serial: z.string().trim().max(128, t('validation.tooLong', { max: 128 })),
      model_id: z.string().nullable(),
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
      critical: z.boolean(),
      virtual: z.boolean(),
      comments: z.string().max(10_000, t('validation.tooLong', { max: 10_000 })),
      tag_ids: z.array(z.string()).max(50, t('validation.tooMany', { max: 50 })),
      custom_fields: z.record(z.string(), z.unknown()),
    })
    .superRefine((values, context) => {
      if (values.cost.trim() !== '' && values.currency === '') {
        context.addIssue({ code: 'custom', path: ['currency'], message: t('assets.form.currencyRequired') });
      }
    });
}

export function emptyAssetValues(currency = ''): AssetFormValues {
  return {
    name: '',
    asset_tag: '',
    serial: '',
    model_id: null,
    location_id: null,
    purchase_date: '',
    cost: '',
    currency,
    warranty_months: '',
    supplier_name: '',
    critical: false,
    virtual: false,
    comments: '',
    tag_ids: [],
    custom_fields: {},
  };
}

export function toAssetValues(asset: Asset): AssetFormValues {
  return {
    name: asset.name,
    asset_tag: asset.asset_tag ?? '',
    serial: asset.serial ?? '',
    model_id: asset.model_id,
    location_id: asset.location_id,
    purchase_date: asset.purchase_date ?? '',
    cost: asset.cost ?? '',
    currency: asset.currency ?? '',
    warranty_months: asset.warranty_months ?? '',
    supplier_name: asset.supplier_name,
    critical: asset.critical,
    virtual: asset.virtual,
    comments: asset.comments,
    tag_ids: asset.tags.map((tag) => tag.id),
    custom_fields: { ...asset.custom_fields },
  };
}

/** A custom field value that says "no value": the API stores none for it. */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The values as the API takes them: trimmed, and `null` where a nullable field is empty. */
function normalize(values: AssetFormValues) {
  const cost = values.cost.trim().replace(',', '.');
  return {
    name: values.name.trim(),
    asset_tag: values.asset_tag.trim() || null,
    serial: values.serial.trim() || null,
    model_id: values.model_id,
    location_id: values.location_id,
    purchase_date: values.purchase_date || null,
    cost: cost || null,
    // A currency is only meaningful with a cost.
    currency: cost ? values.currency || null : null,
    warranty_months: values.warranty_months === '' ? null : values.warranty_months,
    supplier_name: values.supplier_name.trim(),
    critical: values.critical,
    virtual: values.virtual,
    comments: values.comments,
  };
}

/** The creation body: what was filled in (empty optional fields are left to the server's defaults). */
export function toAssetCreate(values: AssetFormValues): AssetCreate {
  const next = normalize(values);
  const body: AssetCreate = { name: next.name, critical: next.critical, virtual: next.virtual };
  if (next.asset_tag !== null) body.asset_tag = next.asset_tag;
  if (next.serial !== null) body.serial = next.serial;
  if (next.model_id !== null) body.model_id = next.model_id;
  if (next.location_id !== null) body.location_id = next.location_id;
  if (next.purchase_date !== null) body.purchase_date = next.purchase_date;
  if (next.cost !== null) body.cost = next.cost;
  if (next.currency !== null) body.currency = next.currency;
  if (next.warranty_months !== null) body.warranty_months = next.warranty_months;
  if (next.supplier_name) body.supplier_name = next.supplier_name;
  if (next.comments.trim()) body.comments = next.comments;
  if (values.tag_ids.length > 0) body.tag_ids = [...values.tag_ids];
  const custom = Object.fromEntries(Object.entries(values.custom_fields).filter(([, value]) => !isEmptyValue(value)));
  if (Object.keys(custom).length > 0) body.custom_fields = custom;
  return body;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/**
 * The merge patch from `original` to `values`, or undefined when nothing changed. `custom_fields` is merged by the
 * server key by key, so only the changed keys are sent (null removes a value); `tag_ids` replaces the tags.
 */
export function buildAssetPatch(original: AssetFormValues, values: AssetFormValues): AssetPatch | undefined {
  const before = normalize(original);
  const after = normalize(values);
  const patch: AssetPatch = {};
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (!sameValue(before[key], after[key])) Object.assign(patch, { [key]: after[key] });
  }
  if (!sameSet(original.tag_ids, values.tag_ids)) patch.tag_ids = [...values.tag_ids];
  const custom: CustomFieldValues = {};
  for (const key of new Set([...Object.keys(original.custom_fields), ...Object.keys(values.custom_fields)])) {
    const next = values.custom_fields[key];
    if (!sameValue(original.custom_fields[key], next)) custom[key] = isEmptyValue(next) ? null : next;
  }
  if (Object.keys(custom).length > 0) patch.custom_fields = custom;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
