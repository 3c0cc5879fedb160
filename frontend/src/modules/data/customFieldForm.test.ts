import { describe, expect, it } from 'vitest';
import { buildCustomFieldPatch, toCustomFieldCreate, toCustomFieldValues } from './customFieldForm';
import { customFieldFixture } from './dataFixtures';

const tier = customFieldFixture({
  key: 'tier',
  label: 'Tier',
  type: 'select',
  options: ['Gold', 'Silver'],
  default: 'Silver',
  help: '',
  position: 10,
});

describe('custom field form', () => {
  it('sends nothing when nothing changed', () => {
    expect(buildCustomFieldPatch(tier, toCustomFieldValues(tier))).toBeUndefined();
  });

  it('clears a default whose option was removed, and sends the new options', () => {
    const values = { ...toCustomFieldValues(tier), options: ['Gold', ' Bronze '] };
    expect(buildCustomFieldPatch(tier, values)).toEqual({ options: ['Gold', 'Bronze'], default: null });
  });

  it('leaves options out of a field that has none, and a person field has no default', () => {
    const values = {
      ...toCustomFieldValues(customFieldFixture()),
      key: 'owner',
      type: 'user' as const,
      label: 'Owner',
      help: '',
      options: ['stale'],
      default: 'someone',
      position: '' as const,
    };
    expect(toCustomFieldCreate(values)).toEqual({
      entity_type: 'asset',
      key: 'owner',
      type: 'user',
      label: 'Owner',
      required: false,
    });
  });

  it('keeps a multi-select default among the options, in their order', () => {
    const values = {
      ...toCustomFieldValues(customFieldFixture()),
      key: 'zones',
      type: 'multi_select' as const,
      label: 'Zones',
      options: ['North', 'South', 'East'],
      default: ['East', 'West', 'North'],
      position: '' as const,
    };
    expect(toCustomFieldCreate(values)).toMatchObject({ options: ['North', 'South', 'East'], default: ['North', 'East'] });
  });
});
