import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A page-sized spinner, while the session is being restored. */
export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" component="main">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}
