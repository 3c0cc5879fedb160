import { Button, type ButtonProps } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import { showProblemNotification } from '../../lib/problemNotification';
import { downloadApiFile, fileIdOf } from './downloadResult';
import { safeHref } from './jobsApi';

/**
 * The download of a job's result: a file of the API is fetched with the session's credentials; another http(s)
 * address is a plain link. Nothing for an address that is neither.
 */
export function DownloadResultButton({ href, ...props }: { href: string | null | undefined } & Omit<ButtonProps, 'children'>) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const safe = safeHref(href);
  if (!safe) return null;
  const fileId = fileIdOf(safe);
  const common = { variant: 'default', leftSection: <IconDownload size={16} aria-hidden />, ...props } as const;
  if (!fileId) {
    return (
      <Button component="a" href={safe} rel="noopener noreferrer" {...common}>
        {t('jobs.result.download')}
      </Button>
    );
  }
  return (
    <Button
      {...common}
      loading={pending}
      onClick={() => {
        setPending(true);
        downloadApiFile(fileId)
          .catch((error: unknown) => {
            showProblemNotification(toApiError(error));
          })
          .finally(() => {
            setPending(false);
          });
      }}
    >
      {t('jobs.result.download')}
    </Button>
  );
}
