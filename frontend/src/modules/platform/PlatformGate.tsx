import { Alert, Center, Loader } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { canPlatform } from './platformAccess';

/**
 * Renders the platform pages only for platform administrators; a bookmarked link explains why not to anyone else.
 * (The API refuses anyway: this only spares the user a page of errors.)
 */
export function PlatformGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (me.isError) return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  if (!canPlatform(me.data, 'read')) {
    return (
      <Page title={t('platformAdmin.forbidden.title')}>
        <Alert variant="light" color="gray" icon={<IconLock aria-hidden />}>
          {t('platformAdmin.forbidden.body')}
        </Alert>
      </Page>
    );
  }
  return children;
}
