import { Code, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiError, FieldError } from '../lib/api';

/** The body of an error notification: what went wrong, the errors not shown on a field, and the request id to quote. */
export function ProblemDetails({ error, unmatched }: { error: ApiError; unmatched: readonly FieldError[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      {error.detail && error.detail !== error.title ? <Text size="sm">{error.detail}</Text> : null}
      {unmatched.length > 0 ? (
        <List size="sm" spacing={2}>
          {unmatched.map((fieldError, index) => (
            <List.Item key={`${fieldError.field}-${String(index)}`}>
              <Code>{fieldError.field}</Code> {fieldError.message}
            </List.Item>
          ))}
        </List>
      ) : null}
      {error.request_id ? (
        <Text size="xs" c="dimmed">
          {t('errors.requestId', { id: error.request_id })}
        </Text>
      ) : null}
    </Stack>
  );
}
