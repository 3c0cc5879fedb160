/**
 * How the add-link dialog finds the record to link to: for the types whose list the API can search by text, a search
 * that answers options; for the others the user gives the record's id.
 */
import { client, unwrap } from '../../lib/api';
import { can, type Me } from '../../lib/me';
import type { LinkableType } from './dataApi';

export interface TargetOption {
  value: string;
  label: string;
}

export type TargetSearch = (q: string, signal: AbortSignal) => Promise<TargetOption[]>;

const SEARCH_LIMIT = 20;

const searches: Partial<Record<string, TargetSearch>> = {
  asset: async (q, signal) =>
    (
      await unwrap(client.GET('/assets', { params: { query: { q: q || undefined, limit: SEARCH_LIMIT } }, signal }))
    ).data.items.map((asset) => ({
      value: asset.id,
      label: asset.asset_tag ? `${asset.name} (${asset.asset_tag})` : asset.name,
    })),
  location: async (q, signal) =>
    (
      await unwrap(
        client.GET('/locations', { params: { query: { q: q || undefined, sort: 'name', limit: SEARCH_LIMIT } }, signal }),
      )
    ).data.items.map((location) => ({ value: location.id, label: location.name })),
};

/** The search over records of `type`, or undefined when the dialog must ask for an id. */
export function targetSearchOf(type: string): TargetSearch | undefined {
  return Object.hasOwn(searches, type) ? searches[type] : undefined;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The types whose records the user may read, by label: the API refuses a link (or evidence) to anything else. */
export function readableTypeOptions(types: readonly LinkableType[] | undefined, me: Me | undefined): TargetOption[] {
  return (types ?? [])
    .filter((type) => can(me, type.module, 'read'))
    .map((type) => ({ value: type.name, label: type.label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
