import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ApiError, FieldError } from '../../../lib/api';
import { ProblemDetails } from '../../../ui/ProblemDetails';

/**
 * A refused request shown where the user acted (inside a dialog), rather than in a notification that may be missed:
 * the server's title, its detail (a 409 says what blocks the change) and the request id to quote.
 */
export function ProblemAlert({ error, unmatched = [] }: { error: ApiError; unmatched?: readonly FieldError[] }) {
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertCircle aria-hidden />} title={error.title}>
      <ProblemDetails error={error} unmatched={unmatched} />
    </Alert>
  );
}
