import { describe, expect, it } from 'vitest';
import { mergeCampaignDetailSearch, validateCampaignDetailSearch, validateCampaignSearch } from './campaignSearch';
import { campaignListQuery, itemListQuery, progressOf } from './inventoryApi';

describe('campaign addresses', () => {
  it('keeps what the API accepts and drops the rest and the defaults', () => {
    expect(validateCampaignSearch({ q: ' hq ', status: 'completed', include_archived: 'true', sort: 'due_on' })).toEqual({
      q: 'hq',
      status: 'completed',
      include_archived: true,
      sort: 'due_on',
    });
    expect(validateCampaignSearch({ status: 'closed', sort: '-created_at', include_archived: false })).toEqual({
      q: undefined,
      status: undefined,
      include_archived: undefined,
      sort: undefined,
    });
  });

  it('reads the result chips as a list of known results, once each', () => {
    expect(validateCampaignDetailSearch({ result: ['pending', 'lost', 'pending', 'flagged'], sort: '-checked_at' })).toEqual({
      q: undefined,
      result: ['pending', 'flagged'],
      sort: '-checked_at',
    });
    expect(validateCampaignDetailSearch({ result: 'missing', q: 42 })).toEqual({ q: '42', result: ['missing'], sort: undefined });
    expect(mergeCampaignDetailSearch({ result: ['pending'] }, { result: [] })).toEqual({
      q: undefined,
      result: undefined,
      sort: undefined,
    });
  });
});

describe('queries', () => {
  it('sends only the filters set, with the default sort', () => {
    expect(campaignListQuery({})).toEqual({ sort: '-created_at', limit: 50 });
    expect(itemListQuery({ q: 'AC-1', result: ['pending', 'flagged'] })).toEqual({
      q: 'AC-1',
      result: ['pending', 'flagged'],
      sort: 'asset_name',
      limit: 50,
    });
  });

  it('measures progress as (verified + flagged) / total', () => {
    expect(progressOf({ total: 0, verified: 0, flagged: 0 })).toBe(0);
    expect(progressOf({ total: 3, verified: 1, flagged: 1 })).toBe(67);
    expect(progressOf({ total: 320, verified: 292, flagged: 14 })).toBe(96);
  });
});
