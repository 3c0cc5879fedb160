import { type ReactNode, useCallback, useState } from 'react';
import { ReauthenticationPrompt } from './ReauthenticationAlert';

export interface RecentSignIn {
  /**
   * Call when an action was refused with 403 reauthentication-required: asks the user to prove who they are again,
   * then runs `retry` (typically the same action).
   */
  require: (retry: () => unknown) => void;
  /** Render it where the sign-in-again advice should appear (single sign-on sessions); the dialog is a modal. */
  prompt: ReactNode;
}

/** Actions that need a recent sign-in (second factor, API tokens, sessions): re-authenticate, then retry. */
export function useRecentSignIn(): RecentSignIn {
  const [retry, setRetry] = useState<(() => unknown) | null>(null);
  const require = useCallback((next: () => unknown) => {
    setRetry(() => next);
  }, []);
  const prompt = retry ? (
    <ReauthenticationPrompt
      onConfirmed={() => {
        setRetry(null);
        void retry();
      }}
      onCancel={() => {
        setRetry(null);
      }}
    />
  ) : null;
  return { require, prompt };
}
