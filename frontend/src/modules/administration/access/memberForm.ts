/**
 * The member's organisation details form (department, job title, manager, buddy, org chart): its values, client-side
 * rules (the contract's, with messages in the UI language) and the JSON Merge Patch built from what changed.
 */
import type { TFunction } from 'i18next';
import type { FieldPath } from 'react-hook-form';
import { z } from 'zod';
import type { Member, MemberPatch } from './accessApi';

export function createMemberDetailsSchema(t: TFunction, userId: string) {
  const text = z.string().trim().max(200, t('validation.tooLong', { max: 200 }));
  const notSelf = (id: string | null) => id !== userId;
  return z.object({
    department: text,
    job_title: text,
    manager_id: z.string().nullable().refine(notSelf, t('members.details.notSelf')),
    buddy_id: z.string().nullable().refine(notSelf, t('members.details.notSelf')),
    hide_from_org_chart: z.boolean(),
  });
}

export type MemberDetailsValues = z.infer<ReturnType<typeof createMemberDetailsSchema>>;

export const MEMBER_DETAILS_FIELDS = [
  'department',
  'job_title',
  'manager_id',
  'buddy_id',
  'hide_from_org_chart',
] as const satisfies readonly FieldPath<MemberDetailsValues>[];

export function toMemberDetailsValues(member: Member): MemberDetailsValues {
  return {
    department: member.department,
    job_title: member.job_title,
    manager_id: member.manager_id,
    buddy_id: member.buddy_id,
    hide_from_org_chart: member.hide_from_org_chart,
  };
}

/** Only what changed (a cleared manager or buddy is sent as null); undefined when nothing did. */
export function buildMemberPatch(original: MemberDetailsValues, values: MemberDetailsValues): MemberPatch | undefined {
  const patch: MemberPatch = {};
  const department = values.department.trim();
  const jobTitle = values.job_title.trim();
  if (department !== original.department) patch.department = department;
  if (jobTitle !== original.job_title) patch.job_title = jobTitle;
  if (values.manager_id !== original.manager_id) patch.manager_id = values.manager_id;
  if (values.buddy_id !== original.buddy_id) patch.buddy_id = values.buddy_id;
  if (values.hide_from_org_chart !== original.hide_from_org_chart) patch.hide_from_org_chart = values.hide_from_org_chart;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
