import type { TFunction } from 'i18next';
import { isKnownJobKind, type JobState, KNOWN_JOB_KINDS } from './jobsApi';

/** A job kind in words when the UI knows it ("Audit log purge"), else its code. */
export function jobKindLabel(kind: string, t: TFunction): string {
  return isKnownJobKind(kind) ? t(`jobs.kinds.${KNOWN_JOB_KINDS[kind]}`) : kind;
}

export const JOB_STATE_COLORS: Record<JobState, string> = {
  pending: 'gray',
  scheduled: 'gray',
  available: 'blue',
  running: 'blue',
  retryable: 'orange',
  completed: 'green',
  cancelled: 'gray',
  discarded: 'red',
};

/** `rows_deleted` → "Rows deleted": summary keys are the server's, not translated. */
export function humanizeKey(key: string): string {
  const words = key.replace(/[_.-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
