import { describe, expect, it } from 'vitest';
import { assetFixture } from './assetFixtures';
import { buildAssetPatch, toAssetCreate, toAssetValues } from './assetForm';

describe('asset form', () => {
  it('leaves what was not filled in to the server at creation', () => {
    const values = { ...toAssetValues(assetFixture()), asset_tag: ' ', serial: '', cost: '', custom_fields: { a: '', b: 'x' } };
    const body = toAssetCreate(values);
    expect(body).not.toHaveProperty('asset_tag');
    expect(body).not.toHaveProperty('serial');
    // A currency is only sent with a cost.
    expect(body).not.toHaveProperty('currency');
    expect(body.custom_fields).toEqual({ b: 'x' });
  });

  it('patches only what changed: null empties a nullable field, custom fields key by key, tags as a whole', () => {
    const original = toAssetValues(assetFixture({ custom_fields: { cost_centre: 'CC-1', owner: 'IT' } }));
    expect(buildAssetPatch(original, { ...original })).toBeUndefined();
    expect(
      buildAssetPatch(original, {
        ...original,
        serial: '',
        warranty_months: '',
        cost: '1299,5',
        tag_ids: [],
        custom_fields: { cost_centre: 'CC-2', owner: '' },
      }),
    ).toEqual({
      serial: null,
      warranty_months: null,
      cost: '1299.5',
      tag_ids: [],
      custom_fields: { cost_centre: 'CC-2', owner: null },
    });
  });
});
