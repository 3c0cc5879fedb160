/**
 * Links between any two entities (openapi.yaml, tag data): the links of one entity in both directions, with the other
 * end's label and route, and their creation and removal. The API leaves out links whose other end the user may not read.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { client, unwrap } from '../../lib/api';
import { auditEventsQueryKey } from '../../lib/audit';

export type Link = components['schemas']['Link'];
export type LinkList = components['schemas']['LinkList'];
export type LinkCreate = components['schemas']['LinkCreate'];
export type LinkRelation = components['schemas']['LinkRelation'];
export type EntityRef = components['schemas']['EntityRef'];
export type LinkDirection = Link['direction'];

export const LINK_RELATIONS: readonly LinkRelation[] = [
  'related_to',
  'depends_on',
  'part_of',
  'mitigates',
  'affects',
  'references',
  'supplied_by',
  'covered_by',
  'evidence_for',
];
export const DEFAULT_LINK_RELATION: LinkRelation = 'related_to';

export const linksQueryKey = ['links'] as const;

/** GET /links?type=&id=: the entity's links, newest first. */
export function linksQueryOptions(entityType: string, entityId: string) {
  return queryOptions({
    queryKey: [...linksQueryKey, entityType, entityId] as const,
    queryFn: async ({ signal }): Promise<LinkList> =>
      (await unwrap(client.GET('/links', { params: { query: { type: entityType, id: entityId } }, signal }))).data,
  });
}

/** After a change: every entity's links (a link shows on both ends) and the audit trail. */
function useInvalidateLinks() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: linksQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateLink() {
  const invalidate = useInvalidateLinks();
  return useMutation({
    mutationFn: async (body: LinkCreate): Promise<Link> => (await unwrap(client.POST('/links', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

export function useDeleteLink() {
  const invalidate = useInvalidateLinks();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => {
      await unwrap(client.DELETE('/links/{id}', { params: { path: { id } } }));
    },
    onSettled: () => invalidate(),
  });
}
