/** The Statement of Applicability form of a control: its values and the merge patch of what changed. */
import type { Applicability, Control, ControlPatch } from './complianceApi';

export interface SoaFormValues {
  applicability: Applicability;
  justification: string;
  owner_user_id: string | null;
  tag_ids: string[];
}

export const SOA_FIELDS = ['applicability', 'justification', 'owner_user_id', 'tag_ids'] as const;

export function soaValues(control: Control): SoaFormValues {
  return {
    applicability: control.applicability,
    justification: control.justification,
    owner_user_id: control.owner_user_id,
    tag_ids: control.tags.map((tag) => tag.id),
  };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  const left = [...a].sort();
  const right = [...b].sort();
  return left.length === right.length && left.every((id, index) => id === right[index]);
}

/** The merge patch of what changed between the control and the form, or undefined when nothing did. */
export function buildSoaPatch(before: Control, values: SoaFormValues): ControlPatch | undefined {
  const patch: ControlPatch = {};
  if (values.applicability !== before.applicability) patch.applicability = values.applicability;
  const justification = values.justification.trim();
  if (justification !== before.justification) patch.justification = justification;
  if (values.owner_user_id !== before.owner_user_id) patch.owner_user_id = values.owner_user_id;
  if (!sameIds(values.tag_ids, before.tags.map((tag) => tag.id))) patch.tag_ids = values.tag_ids;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
