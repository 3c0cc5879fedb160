import { Alert, Text } from '@mantine/core';
import { IconHourglass } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ModuleSlug } from '../../lib/deployment';
import { Page } from '../../ui/Page';

/** Stands in for a module whose pages are not built yet, so that its route and menu entry already exist. */
export function ComingSoonPage({ slug }: { slug: ModuleSlug }) {
  const { t } = useTranslation();
  return (
    <Page title={t(`modules.${slug}`)}>
      <Alert variant="light" color="blue" icon={<IconHourglass aria-hidden />} title={t('comingSoon.body')}>
        <Text size="sm">{t('comingSoon.hint')}</Text>
      </Alert>
    </Page>
  );
}
