import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../lib/api';

export interface QueryErrorProps {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}

/** Inline explanation of a failed load, with the request id to quote and a way to try again. */
export function QueryError({ error, onRetry, title }: QueryErrorProps) {
  const { t } = useTranslation();
  const problem = toApiError(error);
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title ?? t('errors.loadFailed')}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{problem.detail ?? problem.title}</Text>
        {problem.request_id ? (
          <Text size="xs" c="dimmed">
            {t('errors.requestId', { id: problem.request_id })}
          </Text>
        ) : null}
        {onRetry ? (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Stack>
    </Alert>
  );
}
