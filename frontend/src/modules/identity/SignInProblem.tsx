import { Alert, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../lib/api';

/** Why a sign-in step failed, with the request id to quote when it is not the user's mistake. */
export function SignInProblem({ error, text }: { error: ApiError; text: string }) {
  const { t } = useTranslation();
  const quote = !error.isUnauthorized && !error.isRateLimited && error.request_id;
  return (
    <Alert role="alert" color="red" variant="light" icon={<IconAlertCircle aria-hidden />}>
      <Text size="sm">{text}</Text>
      {quote ? (
        <Text size="xs" c="dimmed" mt={4}>
          {t('errors.requestId', { id: error.request_id })}
        </Text>
      ) : null}
    </Alert>
  );
}
