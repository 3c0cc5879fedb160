import { Alert, Center, Loader } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type ModuleSlug, useEnabledModules } from '../../lib/deployment';
import { Page } from '../../ui/Page';

/** Renders a module's pages only when the module is enabled; a bookmarked link to a disabled one explains why not. */
export function ModuleGate({ slug, children }: { slug: ModuleSlug; children: ReactNode }) {
  const { t } = useTranslation();
  const { enabled, isPending } = useEnabledModules();
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
  return children;
}
