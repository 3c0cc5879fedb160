import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import { ProblemDetails } from '../../ui/ProblemDetails';

/**
 * A refused upload explained where it happened: what the status means for an import (no permission, a file too large,
 * a file or form the server would not take), then the server's own detail, its field errors and the request id.
 */
export function ImportProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problem = toApiError(error);
  let title = problem.title;
  let explanation: string | undefined;
  if (problem.status === 403 && !problem.isReauthenticationRequired) {
    title = t('imports.problem.forbidden.title');
    explanation = t('imports.problem.forbidden.body');
  } else if (problem.status === 413) {
    title = t('imports.problem.tooLarge.title');
    explanation = t('imports.problem.tooLarge.body');
  } else if (problem.status === 400 || problem.status === 422) {
    title = t('imports.problem.invalid.title');
  }
  return (
    <Alert role="alert" color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title}>
      <Stack gap={4}>
        {explanation ? <Text size="sm">{explanation}</Text> : null}
        {/* The server's title too, when ours replaced it: it says what exactly was refused. */}
        {title !== problem.title && (!problem.detail || problem.detail === problem.title) ? (
          <Text size="sm">{problem.title}</Text>
        ) : null}
        <ProblemDetails error={problem} unmatched={problem.errors} />
      </Stack>
    </Alert>
  );
}
