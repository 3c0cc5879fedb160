import { notifications } from '@mantine/notifications';
import { ProblemDetails } from '../ui/ProblemDetails';
import type { ApiError, FieldError } from './api';

/** A red notification for a failed request; stays until closed when it carries a request id worth copying. */
export function showProblemNotification(error: ApiError, unmatched: readonly FieldError[] = []): void {
  notifications.show({
    color: 'red',
    title: error.title,
    message: <ProblemDetails error={error} unmatched={unmatched} />,
    autoClose: error.request_id ? false : 8000,
    withCloseButton: true,
  });
}
