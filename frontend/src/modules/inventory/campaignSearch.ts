/**
 * The campaign pages keep their view in the address (`/assets/inventory?status=open`,
 * `/assets/inventory/<id>?result=["pending"]&q=AC-01`): whatever the address holds becomes a clean search object, what
 * the API would refuse is dropped, defaults and empty values stay out. Every key is present (undefined when refused)
 * so that the router overwrites a refused raw value.
 */
import { flag, list, oneOf, text } from '../assets/assetSearch';
import {
  CAMPAIGN_SORTS,
  CAMPAIGN_STATUSES,
  type CampaignFilters,
  DEFAULT_CAMPAIGN_SORT,
  DEFAULT_ITEM_SORT,
  ITEM_RESULTS,
  ITEM_SORTS,
  type ItemFilters,
} from './inventoryApi';

export type CampaignSearch = CampaignFilters;
export type CampaignDetailSearch = ItemFilters;

export function validateCampaignSearch(input: Record<string, unknown>): CampaignSearch {
  const sort = oneOf(input.sort, CAMPAIGN_SORTS);
  return {
    q: text(input.q),
    status: oneOf(input.status, CAMPAIGN_STATUSES),
    include_archived: flag(input.include_archived) === true ? true : undefined,
    sort: sort === DEFAULT_CAMPAIGN_SORT ? undefined : sort,
  };
}

export function validateCampaignDetailSearch(input: Record<string, unknown>): CampaignDetailSearch {
  const sort = oneOf(input.sort, ITEM_SORTS);
  const result = list(input.result, (value) => oneOf(value, ITEM_RESULTS), ITEM_RESULTS.length);
  return {
    q: text(input.q),
    result: result?.length ? [...new Set(result)] : undefined,
    sort: sort === DEFAULT_ITEM_SORT ? undefined : sort,
  };
}

export function mergeCampaignSearch(current: CampaignSearch, patch: Partial<CampaignSearch>): CampaignSearch {
  return validateCampaignSearch({ ...current, ...patch });
}

export function mergeCampaignDetailSearch(
  current: CampaignDetailSearch,
  patch: Partial<CampaignDetailSearch>,
): CampaignDetailSearch {
  return validateCampaignDetailSearch({ ...current, ...patch });
}
