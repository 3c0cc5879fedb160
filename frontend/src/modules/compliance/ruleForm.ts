/**
 * The rule editor's values, and what it sends: the whole rule on creation, the merge patch of what changed on an
 * update. Criteria are the target's (a criterion left empty accepts any value, so it is not sent); the server replaces a
 * rule's criteria as a whole when the patch carries them.
 */
import type { Rule, RuleCreate, RulePatch, RuleScope, RuleTarget } from './complianceApi';

export interface RuleFormValues {
  target: string;
  /** Criterion name → accepted values (any of). */
  criteria: Record<string, string[]>;
  scope: RuleScope;
  frequency_days: number | '';
  grace_days: number | '';
  enabled: boolean;
  description: string;
}

export const MAX_DAYS = 3660;

/** The form's fields that a server error can point at (a criterion's errors come as `criteria.<name>`). */
export function ruleFields(target: RuleTarget | undefined, creating: boolean): string[] {
  return [
    ...(creating ? ['target'] : []),
    'criteria',
    ...(target?.criteria.map((criterion) => `criteria.${criterion.name}`) ?? []),
    'scope',
    'frequency_days',
    'grace_days',
    'enabled',
    'description',
  ];
}

export function ruleValues(rule: Rule | undefined): RuleFormValues {
  return {
    target: rule?.target ?? '',
    criteria: rule ? { ...rule.criteria } : {},
    scope: rule?.scope ?? 'organisation',
    frequency_days: rule?.frequency_days ?? '',
    grace_days: rule?.grace_days ?? 0,
    enabled: rule?.enabled ?? true,
    description: rule?.description ?? '',
  };
}

/**
 * The criteria without the empty ones, each list in the target's order. Without the target (the registry could not be
 * read), the criteria stay as they are rather than being dropped.
 */
export function cleanCriteria(criteria: Record<string, string[] | undefined>, target: RuleTarget | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!target) {
    for (const [name, values] of Object.entries(criteria)) if (values && values.length > 0) out[name] = values;
    return out;
  }
  for (const criterion of target.criteria) {
    const chosen = criteria[criterion.name] ?? [];
    const values = criterion.values.filter((value) => chosen.includes(value));
    // A value the target no longer lists stays, so that the server says what is wrong with it.
    const unknown = chosen.filter((value) => !criterion.values.includes(value));
    if (values.length + unknown.length > 0) out[criterion.name] = [...values, ...unknown];
  }
  return out;
}

function sameCriteria(a: Record<string, string[]>, b: Record<string, string[]>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const left = [...(a[key] ?? [])].sort();
    const right = [...(b[key] ?? [])].sort();
    if (left.length !== right.length || left.some((value, index) => value !== right[index])) return false;
  }
  return true;
}

function days(value: number | ''): number {
  return value === '' ? Number.NaN : value;
}

export function buildRuleCreate(values: RuleFormValues, target: RuleTarget | undefined): RuleCreate {
  const criteria = cleanCriteria(values.criteria, target);
  const description = values.description.trim();
  return {
    target: values.target,
    ...(Object.keys(criteria).length > 0 ? { criteria } : {}),
    scope: values.scope,
    frequency_days: days(values.frequency_days),
    grace_days: days(values.grace_days),
    enabled: values.enabled,
    ...(description ? { description } : {}),
  };
}

/** The merge patch of what changed, or undefined when nothing did. */
export function buildRulePatch(before: Rule, values: RuleFormValues, target: RuleTarget | undefined): RulePatch | undefined {
  const patch: RulePatch = {};
  const criteria = cleanCriteria(values.criteria, target);
  if (!sameCriteria(criteria, before.criteria)) patch.criteria = criteria;
  if (values.scope !== before.scope) patch.scope = values.scope;
  if (days(values.frequency_days) !== before.frequency_days) patch.frequency_days = days(values.frequency_days);
  if (days(values.grace_days) !== before.grace_days) patch.grace_days = days(values.grace_days);
  if (values.enabled !== before.enabled) patch.enabled = values.enabled;
  const description = values.description.trim();
  if (description !== before.description) patch.description = description;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
