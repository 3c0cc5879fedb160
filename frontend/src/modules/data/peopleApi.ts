/**
 * The organisation's directory (openapi.yaml, listPeople): active members with what any colleague may know of them, for
 * the pickers of the business modules (the holder of an asset, a `user` custom field) and to name the people a record
 * holds. Any member may read it; the member administration is `/members` (administration read).
 */
import { queryOptions } from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import { client, unwrap } from '../../lib/api';

export type Person = components['schemas']['Person'];
export type PersonList = components['schemas']['PersonList'];

type PeopleQueryParams = NonNullable<operations['listPeople']['parameters']['query']>;

export const peopleQueryKey = ['people'] as const;

/** How many people a search offers: enough to pick from, the rest is reached by typing more. */
export const PEOPLE_SEARCH_LIMIT = 20;

/** GET /people?q=…: the first people whose name or e-mail holds `q` (everyone when empty), by name. */
export function peopleSearchQueryOptions(q: string, limit = PEOPLE_SEARCH_LIMIT) {
  const query: PeopleQueryParams = { ...(q ? { q } : {}), sort: 'name', limit };
  return queryOptions({
    queryKey: [...peopleQueryKey, 'search', query] as const,
    queryFn: async ({ signal }): Promise<Person[]> =>
      (await unwrap(client.GET('/people', { params: { query }, signal }))).data.items,
    staleTime: 30_000,
  });
}

/**
 * GET /people?id=…: one person by user id, to show the name of an id a record holds; null when the directory does not
 * have them (no longer an active member).
 */
export function personQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...peopleQueryKey, 'detail', id] as const,
    queryFn: async ({ signal }): Promise<Person | null> => {
      const { items } = (await unwrap(client.GET('/people', { params: { query: { id: [id], limit: 1 } }, signal }))).data;
      return items.find((person) => person.id === id) ?? null;
    },
    staleTime: 60_000,
  });
}

/** "Ann Lee (ann.lee@…)", or the e-mail alone for someone without a name: what a picker offers. */
export function personOptionLabel(person: Pick<Person, 'name' | 'email'>): string {
  return person.name ? `${person.name} (${person.email})` : person.email;
}

/** The name, or the e-mail for someone without a name: what a record shows. */
export function personName(person: Pick<Person, 'name' | 'email'>): string {
  return person.name !== '' ? person.name : person.email;
}
