import { Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/Page';
import { RouterButton } from '../../ui/RouterLinks';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <Text>{t('notFound.body')}</Text>
      <div>
        <RouterButton to="/" variant="light" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('notFound.home')}
        </RouterButton>
      </div>
    </Page>
  );
}
