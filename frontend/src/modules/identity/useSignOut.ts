import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { signOut } from '../../lib/session';

/**
 * Signs out: the token is forgotten at once (the shell then gives way to the sign-in page), the session is revoked on
 * the server, and nothing the user saw stays in the cache. `returnTo`: where to come back after signing in again.
 */
export function useSignOut(): (returnTo?: string) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (returnTo?: string) => {
      await signOut(returnTo);
      queryClient.clear();
    },
    [queryClient],
  );
}
