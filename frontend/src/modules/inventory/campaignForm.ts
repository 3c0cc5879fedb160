/** The campaign form: its values, rules, and the request bodies it makes (create, merge patch of what changed). */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Campaign, CampaignCreate, CampaignPatch } from './inventoryApi';

export interface CampaignFormValues {
  name: string;
  /** A location id, or '' for every site. Fixed once the campaign is open (its scope is snapshotted). */
  location_id: string;
  /** `YYYY-MM-DD` or ''. */
  due_on: string;
  notes: string;
}

export const CAMPAIGN_FORM_FIELDS = ['name', 'location_id', 'due_on', 'notes'] as const;

export function createCampaignSchema(t: TFunction) {
  const text = (max: number) => z.string().trim().max(max, t('validation.tooLong', { max }));
  return z.object({
    name: text(200).min(1, t('validation.required')),
    location_id: z.string(),
    due_on: z.string().refine((value) => value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value), t('inventory.form.dateInvalid')),
    notes: text(5000),
  });
}

export function emptyCampaignValues(): CampaignFormValues {
  return { name: '', location_id: '', due_on: '', notes: '' };
}

export function toCampaignValues(campaign: Campaign): CampaignFormValues {
  return {
    name: campaign.name,
    location_id: campaign.location_id ?? '',
    due_on: campaign.due_on ?? '',
    notes: campaign.notes,
  };
}

export function toCampaignCreate(values: CampaignFormValues): CampaignCreate {
  const body: CampaignCreate = { name: values.name.trim() };
  if (values.location_id) body.location_id = values.location_id;
  if (values.due_on) body.due_on = values.due_on;
  if (values.notes.trim()) body.notes = values.notes.trim();
  return body;
}

/** What changed, as a merge patch; undefined when nothing did. */
export function buildCampaignPatch(initial: CampaignFormValues, values: CampaignFormValues): CampaignPatch | undefined {
  const patch: CampaignPatch = {};
  if (values.name.trim() !== initial.name) patch.name = values.name.trim();
  if (values.due_on !== initial.due_on) patch.due_on = values.due_on || null;
  if (values.notes.trim() !== initial.notes) patch.notes = values.notes.trim();
  return Object.keys(patch).length > 0 ? patch : undefined;
}
