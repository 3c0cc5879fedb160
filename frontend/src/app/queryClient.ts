import { QueryClient } from '@tanstack/react-query';
import { toApiError } from '../lib/api';

/** Retry only what may succeed on a second try: network failures and server errors, not 4xx answers. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const { status } = toApiError(error);
  return failureCount < 2 && (status === 0 || status >= 500);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
