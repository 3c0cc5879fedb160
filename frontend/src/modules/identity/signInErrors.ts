import type { TFunction } from 'i18next';
import type { ApiError } from '../../lib/api';

/**
 * What to tell the user about a failed sign-in step, in their language where we know the case. `wrongAnswer` is the
 * step's own text for a 401 (wrong password, or a code that was not accepted).
 */
export function signInProblemText(error: ApiError, t: TFunction, wrongAnswer: string): string {
  if (error.isUnauthorized) return wrongAnswer;
  if (error.isRateLimited) {
    return error.retryAfter !== undefined && error.retryAfter > 0
      ? t('login.errors.lockedOut', { count: error.retryAfter })
      : t('login.errors.lockedOutNoDelay');
  }
  if (error.isNetworkError) return error.title;
  return error.detail ?? error.title;
}
