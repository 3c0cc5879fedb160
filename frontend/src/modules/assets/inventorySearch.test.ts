import { describe, expect, it } from 'vitest';
import { sectionOf } from './assetsSections';
import { validateAssetSearch } from './assetSearch';
import {
  maintenanceFiltersOf,
  searchOfFilter,
  validateMaintenanceSearch,
  validatePeripheralSearch,
  validateReportsSearch,
} from './inventorySearch';

const ID = '0193a2b4-0000-7000-8000-0000000a0001';

describe('the address validations of the assets module’s new pages', () => {
  it('accepts the assets list’s supplier, no-location and warranty window filters', () => {
    const search = validateAssetSearch({
      supplier: 'Dell Belgium',
      no_location: 'true',
      warranty_from: '2026-01-01',
      warranty_to: '2026-13-01',
    });
    expect(search).toMatchObject({ supplier: 'Dell Belgium', no_location: true, warranty_from: '2026-01-01' });
    expect(search.warranty_to).toBeUndefined();
    expect(validateAssetSearch({ no_location: 'false' }).no_location).toBeUndefined();
  });

  it('keeps known peripheral filters and drops what the API would refuse', () => {
    expect(
      validatePeripheralSearch({ status: ['in_use', 'lost'], asset_id: ID, holder_id: 'nope', sort: '-serial', q: 42 }),
    ).toMatchObject({ status: ['in_use'], asset_id: ID, holder_id: undefined, sort: '-serial', q: '42' });
    expect(validatePeripheralSearch({ sort: 'name' }).sort).toBeUndefined();
  });

  it('makes the erasure register the list of data erasures', () => {
    const search = validateMaintenanceSearch({ view: 'erasure', type: ['repair'], from: '2026-02-01', sort: '-performed_on' });
    expect(search.view).toBe('erasure');
    expect(search.sort).toBeUndefined();
    expect(maintenanceFiltersOf(search)).toEqual({ type: ['data_erasure'], from: '2026-02-01' });
    expect(maintenanceFiltersOf(validateMaintenanceSearch({ type: ['repair'] })).type).toEqual(['repair']);
  });

  it('keeps the reports’ defaults out of the address', () => {
    expect(validateReportsSearch({ tab: 'warranty', by: 'location', method: 'linear', life_years: 4 })).toEqual({
      tab: undefined,
      warranty_from: undefined,
      warranty_to: undefined,
      by: undefined,
      method: undefined,
      life_years: undefined,
      as_of: undefined,
    });
    expect(validateReportsSearch({ tab: 'tree', by: 'supplier', life_years: '7' })).toMatchObject({
      tab: 'tree',
      by: 'supplier',
      life_years: 7,
    });
    expect(validateReportsSearch({ life_years: 51 }).life_years).toBeUndefined();
  });

  it('turns a tree group’s filter into the assets list’s search', () => {
    expect(searchOfFilter(`location_id=${ID}`)).toEqual({ location_id: ID });
    expect(searchOfFilter('?supplier=Dell%20Belgium&remote=false')).toEqual({ supplier: 'Dell Belgium', remote: false });
    expect(searchOfFilter('status=in_use&status=in_repair&bogus=1')).toEqual({ status: ['in_use', 'in_repair'] });
  });
});

describe('the module navigation', () => {
  it('marks the section of nested pages, and Assets for an asset’s own page', () => {
    expect(sectionOf('/assets')).toBe('assets');
    expect(sectionOf('/assets/0193a2b4-0000-7000-8000-0000000f0001')).toBe('assets');
    expect(sectionOf('/assets/import')).toBe('assets');
    expect(sectionOf('/assets/licences/123')).toBe('licences');
    expect(sectionOf('/assets/software/42/versions')).toBe('software');
    expect(sectionOf('/assets/models')).toBe('models');
    expect(sectionOf('/assets/reports')).toBe('reports');
  });
});
