import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { components } from '../api/schema';
import { client, unwrap } from './api';

export type TimelineList = components['schemas']['TimelineList'];
export type TimelineEntry = components['schemas']['TimelineEntry'];
export type TimelineKind = TimelineEntry['kind'];

/** Every timeline query starts with this key: invalidate it after a change to any record. */
export const timelineQueryKey = ['timeline'] as const;

/** GET /timeline of one record, newest first. */
export function recordTimelineQueryOptions(type: string, id: string, pageSize = 20) {
  return infiniteQueryOptions({
    queryKey: [...timelineQueryKey, type, id] as const,
    queryFn: async ({ pageParam, signal }): Promise<TimelineList> =>
      (
        await unwrap(
          client.GET('/timeline', { params: { query: { type, id, sort: '-at', limit: pageSize, cursor: pageParam } }, signal }),
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useRecordTimeline(type: string, id: string) {
  return useInfiniteQuery(recordTimelineQueryOptions(type, id));
}
