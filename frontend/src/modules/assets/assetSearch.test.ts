import { describe, expect, it } from 'vitest';
import { columnSort, hasAssetFilters, mergeAssetSearch, validateAssetSearch } from './assetSearch';

const UUID = '0193a2b4-0000-7000-8000-0000000a0001';

describe('asset list address', () => {
  it('keeps what the API accepts and overwrites the rest', () => {
    expect(
      validateAssetSearch({
        q: 42,
        status: ['in_use', 'lost', 'in_use'],
        location_id: 'not-a-uuid',
        brand_id: UUID.toUpperCase(),
        critical: 'false',
        tag: UUID,
        cf: ['cost_centre:CC-1', 'Bad Key:x'],
        sort: 'cf.cost_centre',
        include_archived: 'yes',
      }),
    ).toEqual({
      q: '42',
      status: ['in_use'],
      brand_id: UUID,
      critical: false,
      tag: [UUID],
      cf: ['cost_centre:CC-1'],
      sort: 'cf.cost_centre',
    });
    expect(validateAssetSearch({ sort: 'price' })).toHaveProperty('sort', undefined);
  });

  it('drops empty values and the default sort', () => {
    expect(mergeAssetSearch({ q: 'x', sort: '-name' }, { q: '', status: [], sort: 'name' })).toEqual({});
    expect(hasAssetFilters({ sort: '-name' })).toBe(false);
    expect(hasAssetFilters({ critical: false })).toBe(true);
  });

  it('sorts a column ascending first, then descending', () => {
    expect(columnSort(undefined, 'name')).toEqual({ direction: 'ascending', next: '-name' });
    expect(columnSort('-status', 'status')).toEqual({ direction: 'descending', next: 'status' });
    expect(columnSort('name', 'status')).toEqual({ direction: 'none', next: 'status' });
  });
});
