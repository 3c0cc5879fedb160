/** The maintenance log form: values, rules, and the request bodies it makes. */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { ItemRef } from './ItemPicker';
import type {
  ErasureMethod,
  MaintenanceLog,
  MaintenanceLogCreate,
  MaintenanceLogPatch,
  MaintenanceStatus,
  MaintenanceType,
} from './maintenanceApi';
import { COST, CURRENCY, DATE } from './peripheralForm';

export interface MaintenanceFormValues {
  item: ItemRef;
  type: MaintenanceType;
  status: MaintenanceStatus;
  title: string;
  description: string;
  assignee_id: string | null;
  performed_on: string;
  ticket_url: string;
  cost: string;
  currency: string;
  erasure_method: ErasureMethod | null;
  erasure_verified_by: string;
  tag_ids: string[];
}

/** Fields a server error can point at (`asset_id` / `peripheral_id` go to the item). */
export const MAINTENANCE_FORM_FIELDS = [
  'item',
  'type',
  'status',
  'title',
  'description',
  'assignee_id',
  'performed_on',
  'ticket_url',
  'cost',
  'currency',
  'erasure_method',
  'erasure_verified_by',
  'tag_ids',
] as const;

export function createMaintenanceSchema(t: TFunction) {
  return z
    .object({
      item: z.object({ kind: z.enum(['asset', 'peripheral']), id: z.string().nullable() }),
      type: z.enum(['repair', 'planned', 'unplanned', 'upgrade', 'inspection', 'data_erasure']),
      status: z.enum(['scheduled', 'in_progress', 'done', 'cancelled']),
      title: z.string().trim().min(1, t('validation.required')).max(200, t('validation.tooLong', { max: 200 })),
      description: z.string().max(10_000, t('validation.tooLong', { max: 10_000 })),
      assignee_id: z.string().nullable(),
      performed_on: z.string().refine((value) => DATE.test(value), t('assets.form.dateInvalid')),
      ticket_url: z
        .string()
        .trim()
        .max(2000, t('validation.tooLong', { max: 2000 }))
        .refine((value) => value === '' || /^https?:\/\/\S+$/i.test(value), t('inventoryAssets.maintenance.urlInvalid')),
      cost: z
        .string()
        .trim()
        .refine((value) => value === '' || COST.test(value.replace(',', '.')), t('assets.form.costInvalid')),
      currency: z.string().refine((value) => value === '' || CURRENCY.test(value), t('validation.currency')),
      erasure_method: z.enum(['clear', 'purge', 'destroy']).nullable(),
      erasure_verified_by: z.string().trim().max(200, t('validation.tooLong', { max: 200 })),
      tag_ids: z.array(z.string()).max(50, t('validation.tooMany', { max: 50 })),
    })
    .superRefine((values, context) => {
      if (values.item.id === null) {
        context.addIssue({ code: 'custom', path: ['item'], message: t('validation.required') });
      }
      if (values.cost.trim() !== '' && values.currency === '') {
        context.addIssue({ code: 'custom', path: ['currency'], message: t('assets.form.currencyRequired') });
      }
      if (values.type === 'data_erasure' && values.status === 'done' && values.erasure_method === null) {
        context.addIssue({
          code: 'custom',
          path: ['erasure_method'],
          message: t('inventoryAssets.maintenance.erasureMethodRequired'),
        });
      }
    });
}

export function emptyMaintenanceValues({
  item = { kind: 'asset', id: null },
  type = 'repair',
  today,
  currency = '',
}: {
  item?: ItemRef;
  type?: MaintenanceType;
  today: string;
  currency?: string;
}): MaintenanceFormValues {
  return {
    item,
    type,
    status: 'scheduled',
    title: '',
    description: '',
    assignee_id: null,
    performed_on: today,
    ticket_url: '',
    cost: '',
    currency,
    erasure_method: null,
    erasure_verified_by: '',
    tag_ids: [],
  };
}

export function toMaintenanceValues(log: MaintenanceLog): MaintenanceFormValues {
  return {
    item: log.asset_id ? { kind: 'asset', id: log.asset_id } : { kind: 'peripheral', id: log.peripheral_id },
    type: log.type,
    status: log.status,
    title: log.title,
    description: log.description,
    assignee_id: log.assignee_id,
    performed_on: log.performed_on,
    ticket_url: log.ticket_url ?? '',
    cost: log.cost ?? '',
    currency: log.currency ?? '',
    erasure_method: log.erasure_method,
    erasure_verified_by: log.erasure_verified_by,
    tag_ids: log.tags.map((tag) => tag.id),
  };
}

/** The values as the API takes them; erasure details only for a data erasure. */
function normalize(values: MaintenanceFormValues) {
  const cost = values.cost.trim().replace(',', '.');
  const erasure = values.type === 'data_erasure';
  return {
    type: values.type,
    status: values.status,
    title: values.title.trim(),
    description: values.description,
    assignee_id: values.assignee_id,
    performed_on: values.performed_on,
    ticket_url: values.ticket_url.trim() || null,
    cost: cost || null,
    currency: cost ? values.currency || null : null,
    erasure_method: erasure ? values.erasure_method : null,
    erasure_verified_by: erasure ? values.erasure_verified_by.trim() : '',
  };
}

export function toMaintenanceCreate(values: MaintenanceFormValues): MaintenanceLogCreate {
  const next = normalize(values);
  const body: MaintenanceLogCreate = {
    ...(values.item.kind === 'asset' ? { asset_id: values.item.id } : { peripheral_id: values.item.id }),
    type: next.type,
    status: next.status,
    title: next.title,
    performed_on: next.performed_on,
  };
  if (next.description.trim()) body.description = next.description;
  if (next.assignee_id !== null) body.assignee_id = next.assignee_id;
  if (next.ticket_url !== null) body.ticket_url = next.ticket_url;
  if (next.cost !== null) body.cost = next.cost;
  if (next.currency !== null) body.currency = next.currency;
  if (next.erasure_method !== null) body.erasure_method = next.erasure_method;
  if (next.erasure_verified_by) body.erasure_verified_by = next.erasure_verified_by;
  if (values.tag_ids.length > 0) body.tag_ids = [...values.tag_ids];
  return body;
}

export function buildMaintenancePatch(
  original: MaintenanceFormValues,
  values: MaintenanceFormValues,
): MaintenanceLogPatch | undefined {
  const before = normalize(original);
  const after = normalize(values);
  const patch: MaintenanceLogPatch = {};
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if ((before[key] ?? '') !== (after[key] ?? '')) Object.assign(patch, { [key]: after[key] });
  }
  const sameTags =
    original.tag_ids.length === values.tag_ids.length && original.tag_ids.every((id) => values.tag_ids.includes(id));
  if (!sameTags) patch.tag_ids = [...values.tag_ids];
  return Object.keys(patch).length > 0 ? patch : undefined;
}
