import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ApiError, FieldError } from '../../lib/api';
import { ProblemDetails } from '../../ui/ProblemDetails';

export interface FormProblem {
  error: ApiError;
  /** Field errors the form could not put on one of its fields. */
  unmatched: FieldError[];
}

/**
 * A refused submission explained inside the form (rather than in a notification that fades): the server's title and
 * detail, what it said about fields the form does not have, and the request id to quote.
 */
export function ProblemAlert({ problem }: { problem: FormProblem }) {
  return (
    <Alert role="alert" color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={problem.error.title}>
      <ProblemDetails error={problem.error} unmatched={problem.unmatched} />
    </Alert>
  );
}
