import { describe, expect, it } from 'vitest';
import { buildLicencePatch, emptyLicenceValues, toLicenceCreate, toLicenceValues } from './softwareForm';
import { licenceFixture, M365_ID } from './softwareFixtures';
import { validateLicenceSearch, validateSoftwareSearch } from './softwareSearch';

describe('licence form bodies', () => {
  it('creates with the key only when typed, and null seats for a site licence', () => {
    const values = { ...emptyLicenceValues('EUR', M365_ID), name: ' Site ', unlimited: true, seats: 10 as const };
    expect(toLicenceCreate(values)).toEqual({ software_id: M365_ID, name: 'Site', seats: null });
    expect(toLicenceCreate({ ...values, licence_key: ' ABCD-1234 ', cost: '12,5' })).toEqual({
      software_id: M365_ID,
      name: 'Site',
      seats: null,
      licence_key: 'ABCD-1234',
      cost: '12.5',
      currency: 'EUR',
    });
  });

  it('patches the key only when a new one is typed or removal is asked', () => {
    const original = toLicenceValues(licenceFixture());
    expect(original.licence_key).toBe('');
    expect(buildLicencePatch(original, { ...original })).toBeUndefined();
    expect(buildLicencePatch(original, { ...original, notes: 'renewed' })).toEqual({ notes: 'renewed' });
    expect(buildLicencePatch(original, { ...original, licence_key: 'NEW' })).toEqual({ licence_key: 'NEW' });
    expect(buildLicencePatch(original, { ...original, remove_key: true })).toEqual({ licence_key: null });
    expect(buildLicencePatch(original, { ...original, unlimited: true })).toEqual({ seats: null });
  });
});

describe('list addresses', () => {
  it('keeps only what the API accepts', () => {
    expect(
      validateLicenceSearch({ status: ['expired', 'bogus'], expires_before: '2026-13-01', sort: 'name', software_id: 'nope' }),
    ).toEqual({
      q: undefined,
      software_id: undefined,
      status: ['expired'],
      expires_before: undefined,
      tag: undefined,
      include_archived: undefined,
      sort: undefined,
    });
    expect(validateSoftwareSearch({ category: 'security', sort: '-cf.criticality', include_archived: 'true' })).toMatchObject({
      category: ['security'],
      sort: '-cf.criticality',
      include_archived: true,
    });
  });
});
