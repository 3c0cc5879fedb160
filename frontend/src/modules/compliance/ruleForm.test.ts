import { describe, expect, it } from 'vitest';
import { inventoryRule, RULE_TARGETS, ruleFixture } from './complianceFixtures';
import { buildRuleCreate, buildRulePatch, cleanCriteria, ruleFields, ruleValues } from './ruleForm';

const maintenance = RULE_TARGETS.find((target) => target.name === 'maintenance_done')!;
const inventory = RULE_TARGETS.find((target) => target.name === 'inventory_completed')!;

describe('rule form', () => {
  it('creates with every setting, leaving out empty criteria and description', () => {
    const values = { ...ruleValues(undefined), target: 'maintenance_done', frequency_days: 30 as const, criteria: { type: [] } };
    expect(buildRuleCreate(values, maintenance)).toEqual({
      target: 'maintenance_done',
      scope: 'organisation',
      frequency_days: 30,
      grace_days: 0,
      enabled: true,
    });
  });

  it('orders criterion values as the target lists them and keeps values it no longer lists', () => {
    expect(cleanCriteria({ type: ['inspection', 'preventive'] }, maintenance)).toEqual({ type: ['preventive', 'inspection'] });
    expect(cleanCriteria({ type: ['retired', 'corrective'] }, maintenance)).toEqual({ type: ['corrective', 'retired'] });
    // Without the registry, the criteria stay as they are.
    expect(cleanCriteria({ type: ['retired'], other: [] }, undefined)).toEqual({ type: ['retired'] });
  });

  it('patches only what changed; criteria are sent whole, and emptied to accept any record', () => {
    const rule = ruleFixture();
    expect(buildRulePatch(rule, ruleValues(rule), maintenance)).toBeUndefined();
    expect(buildRulePatch(rule, { ...ruleValues(rule), criteria: { type: ['preventive', 'corrective'] } }, maintenance)).toEqual({
      criteria: { type: ['preventive', 'corrective'] },
    });
    expect(buildRulePatch(rule, { ...ruleValues(rule), criteria: { type: [] } }, maintenance)).toEqual({ criteria: {} });
    expect(
      buildRulePatch(rule, { ...ruleValues(rule), description: '  Monthly.  ', scope: 'organisation', grace_days: 0 }, maintenance),
    ).toEqual({ description: 'Monthly.', scope: 'organisation', grace_days: 0 });
    expect(buildRulePatch(inventoryRule, { ...ruleValues(inventoryRule), enabled: true }, inventory)).toEqual({ enabled: true });
  });

  it('knows the fields a server error can point at, criteria by name', () => {
    expect(ruleFields(maintenance, true)).toEqual([
      'target',
      'criteria',
      'criteria.type',
      'scope',
      'frequency_days',
      'grace_days',
      'enabled',
      'description',
    ]);
    expect(ruleFields(inventory, false)).not.toContain('target');
  });
});
