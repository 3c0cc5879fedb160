import { Alert, Center, Loader } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModuleSlug } from '../../lib/deployment';
import { useModuleAccess } from '../../lib/me';
import { Page } from '../../ui/Page';

/**
 * Renders a module's pages only when the module is enabled and the user has a permission on it; a bookmarked link
 * explains why not. (The API refuses anyway: this only spares the user a page of errors.)
 */
export function ModuleGate({ slug, children }: { slug: ModuleSlug; children: ReactNode }) {
  const { t } = useTranslation();
  const { enabled, visible, isPending } = useModuleAccess();
  if (isPending) {
    return (
      <Center py="xl">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (!enabled.has(slug)) {
    const name = t(`modules.${slug}`);
    return (
      <Page title={t('moduleDisabled.title')}>
        <Alert variant="light" color="gray" icon={<IconLock aria-hidden />}>
          {t('moduleDisabled.body', { module: name })}
        </Alert>
      </Page>
    );
  }
  if (!visible.has(slug)) {
    return (
      <Page title={t('moduleForbidden.title')}>
        <Alert variant="light" color="gray" icon={<IconLock aria-hidden />}>
          {t('moduleForbidden.body', { module: t(`modules.${slug}`) })}
        </Alert>
      </Page>
    );
  }
  return children;
}
