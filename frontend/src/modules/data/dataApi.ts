/**
 * The shared data platform (openapi.yaml, tag data): the registry of linkable types that links, tags and custom fields
 * apply to, and what the tag, custom field and link modules have in common.
 */
import { queryOptions } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { client, unwrap } from '../../lib/api';

export type LinkableType = components['schemas']['LinkableType'];

/** The API's largest page, for the short lists read whole (tag dictionary, custom field definitions). */
export const MAX_PAGE = 200;

export const linkableTypesQueryKey = ['linkable-types'] as const;

/** GET /linkable-types: every type, by name. The registry is declared in code: it changes only with a deployment. */
export function linkableTypesQueryOptions() {
  return queryOptions({
    queryKey: linkableTypesQueryKey,
    queryFn: async ({ signal }): Promise<LinkableType[]> =>
      (await unwrap(client.GET('/linkable-types', { signal }))).data.items,
    staleTime: 10 * 60_000,
  });
}

/** Reads every page of a keyset-paged list. */
export async function readAll<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const result = await page(cursor);
    items.push(...result.items);
    cursor = result.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

/** The `If-Match` of a resource read from a list, where no ETag header came with it (the contract's `"<version>"`). */
export function versionEtag(version: number): string {
  return `"${String(version)}"`;
}
