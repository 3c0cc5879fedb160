/**
 * The organisation's tag dictionary (openapi.yaml, tag data): the list an administrator manages, the whole dictionary
 * the pickers choose from, and the changes. Reading is open to every member; changing needs `administration` write.
 */
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import type { components, operations } from '../../api/schema';
import { client, unwrap } from '../../lib/api';
import { auditEventsQueryKey } from '../../lib/audit';
import { MAX_PAGE, readAll, versionEtag } from './dataApi';

export type Tag = components['schemas']['Tag'];
export type TagRef = components['schemas']['TagRef'];
export type TagColour = components['schemas']['TagColour'];
export type TagList = components['schemas']['TagList'];
export type TagCreate = components['schemas']['TagCreate'];
/**
 * A merge patch of a tag: only what changed. The generator marks `colour` required because the contract gives it a
 * default; in a merge patch it is optional like every other member.
 */
export type TagPatch = Partial<components['schemas']['TagPatch']>;

type TagsQueryParams = NonNullable<operations['listTags']['parameters']['query']>;

/** The palette, in the contract's order (Mantine colour names). */
export const TAG_COLOURS: readonly TagColour[] = [
  'gray',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
];
export const DEFAULT_TAG_COLOUR: TagColour = 'gray';
export const PAGE_SIZE = 50;

export const tagsQueryKey = ['tags'] as const;

export interface TagFilters {
  q?: string;
  include_archived?: boolean;
}

/** GET /tags by name, one page per `next_cursor`. */
export function tagsQueryOptions(filters: TagFilters, pageSize = PAGE_SIZE) {
  const query: TagsQueryParams = {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.include_archived ? { include_archived: true } : {}),
    sort: 'name',
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...tagsQueryKey, 'list', query] as const,
    queryFn: async ({ pageParam, signal }): Promise<TagList> =>
      (await unwrap(client.GET('/tags', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useTags(filters: TagFilters) {
  return useInfiniteQuery({ ...tagsQueryOptions(filters), placeholderData: keepPreviousData });
}

/**
 * The whole dictionary by name, archived tags included (a record may still carry one): what the pickers offer (active
 * tags) and how they name what is already chosen.
 */
export function tagDictionaryQueryOptions() {
  return queryOptions({
    queryKey: [...tagsQueryKey, 'dictionary'] as const,
    queryFn: ({ signal }): Promise<Tag[]> =>
      readAll(async (cursor) =>
        (
          await unwrap(
            client.GET('/tags', {
              params: { query: { include_archived: true, sort: 'name', limit: MAX_PAGE, cursor } },
              signal,
            }),
          )
        ).data,
      ),
    staleTime: 60_000,
  });
}

/** After a change: the lists, the pickers' dictionary and the audit trail. */
function useInvalidateTags() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: tagsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateTag() {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: async (body: TagCreate): Promise<Tag> => (await unwrap(client.POST('/tags', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

/** Merge patch of what changed, with the If-Match of the version the form started from. */
export function useUpdateTag() {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: async ({ tag, patch }: { tag: Pick<Tag, 'id' | 'version'>; patch: TagPatch }): Promise<Tag> =>
      (
        await unwrap(
          client.PATCH('/tags/{id}', {
            params: { path: { id: tag.id }, header: { 'If-Match': versionEtag(tag.version) } },
            body: patch as components['schemas']['TagPatch'],
          }),
        )
      ).data,
    onSuccess: () => invalidate(),
  });
}

/** Archives (hidden from pickers, kept on records) or restores a tag. */
export function useSetTagArchived() {
  const invalidate = useInvalidateTags();
  return useMutation({
    mutationFn: async ({ id, archived }: { id: string; archived: boolean }): Promise<Tag> =>
      (
        await unwrap(
          archived
            ? client.POST('/tags/{id}/archive', { params: { path: { id } } })
            : client.POST('/tags/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSettled: () => invalidate(),
  });
}
