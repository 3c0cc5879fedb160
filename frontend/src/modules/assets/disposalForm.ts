/** The disposal form (record and correct): values, rules and request bodies. */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Disposal, DisposalCreate, DisposalMethod, DisposalPatch, ItemKind } from './disposalsApi';
import { COST, CURRENCY, DATE } from './peripheralForm';

export interface DisposalFormValues {
  disposed_on: string;
  method: DisposalMethod | null;
  partner_name: string;
  price: string;
  currency: string;
  certificate_number: string;
  notes: string;
  /** Corrections only. */
  reason: string;
}

export const DISPOSAL_FORM_FIELDS = [
  'disposed_on',
  'method',
  'partner_name',
  'price',
  'currency',
  'certificate_number',
  'notes',
  'reason',
] as const;

export function createDisposalSchema(t: TFunction, correcting: boolean) {
  return z
    .object({
      disposed_on: z.string().refine((value) => DATE.test(value), t('assets.form.dateInvalid')),
      method: z.enum(['recycled', 'destroyed', 'donated', 'sold', 'returned', 'lost']).nullable(),
      partner_name: z.string().trim().max(200, t('validation.tooLong', { max: 200 })),
      price: z
        .string()
        .trim()
        .refine((value) => value === '' || COST.test(value.replace(',', '.')), t('assets.form.costInvalid')),
      currency: z.string().refine((value) => value === '' || CURRENCY.test(value), t('validation.currency')),
      certificate_number: z.string().trim().max(100, t('validation.tooLong', { max: 100 })),
      notes: z.string().max(10_000, t('validation.tooLong', { max: 10_000 })),
      reason: z.string().trim().max(2000, t('validation.tooLong', { max: 2000 })),
    })
    .superRefine((values, context) => {
      if (values.method === null) {
        context.addIssue({ code: 'custom', path: ['method'], message: t('validation.required') });
      }
      if (values.method === 'sold' && values.price.trim() !== '' && values.currency === '') {
        context.addIssue({ code: 'custom', path: ['currency'], message: t('assets.form.currencyRequired') });
      }
      if (correcting && values.reason.trim() === '') {
        context.addIssue({ code: 'custom', path: ['reason'], message: t('inventoryAssets.disposals.reasonRequired') });
      }
    });
}

export function emptyDisposalValues(today: string, currency = ''): DisposalFormValues {
  return {
    disposed_on: today,
    method: null,
    partner_name: '',
    price: '',
    currency,
    certificate_number: '',
    notes: '',
    reason: '',
  };
}

export function toDisposalValues(disposal: Disposal): DisposalFormValues {
  return {
    disposed_on: disposal.disposed_on,
    method: disposal.method,
    partner_name: disposal.partner_name,
    price: disposal.price ?? '',
    currency: disposal.currency ?? '',
    certificate_number: disposal.certificate_number,
    notes: disposal.notes,
    reason: '',
  };
}

/** A price only for a sale. */
function normalize(values: DisposalFormValues) {
  const sold = values.method === 'sold';
  const price = sold ? values.price.trim().replace(',', '.') : '';
  return {
    disposed_on: values.disposed_on,
    method: values.method,
    partner_name: values.partner_name.trim(),
    price: price || null,
    currency: price ? values.currency || null : null,
    certificate_number: values.certificate_number.trim(),
    notes: values.notes,
  };
}

export function toDisposalCreate(kind: ItemKind, id: string, values: DisposalFormValues): DisposalCreate {
  const next = normalize(values);
  const body: DisposalCreate = {
    ...(kind === 'asset' ? { asset_id: id } : { peripheral_id: id }),
    disposed_on: next.disposed_on,
    method: next.method ?? 'recycled',
  };
  if (next.partner_name) body.partner_name = next.partner_name;
  if (next.price !== null) body.price = next.price;
  if (next.currency !== null) body.currency = next.currency;
  if (next.certificate_number) body.certificate_number = next.certificate_number;
  if (next.notes.trim()) body.notes = next.notes;
  return body;
}

/** The correction: what changed, with its reason; undefined when nothing changed. */
export function buildDisposalPatch(original: DisposalFormValues, values: DisposalFormValues): DisposalPatch | undefined {
  const before = normalize(original);
  const after = normalize(values);
  const patch: DisposalPatch = {};
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if ((before[key] ?? '') !== (after[key] ?? '')) Object.assign(patch, { [key]: after[key] });
  }
  if (Object.keys(patch).length === 0) return undefined;
  patch.reason = values.reason.trim();
  return patch;
}
