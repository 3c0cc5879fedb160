import { Anchor, Card, SimpleGrid, Text } from '@mantine/core';
import { IconApi, IconBuilding, IconHistory, IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../ui/Page';
import { RouterAnchor } from '../../ui/RouterLinks';

function Entry({ icon, link, description }: { icon: ReactNode; link: ReactNode; description: string }) {
  return (
    <Card withBorder padding="lg" radius="md">
      {icon}
      <Text fw={600} mt="sm">
        {link}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {description}
      </Text>
    </Card>
  );
}

/** Index of the administration pages that exist so far. */
export function AdministrationPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('modules.administration')} description={t('administration.description')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        <Entry
          icon={<IconBuilding size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/organization">{t('administration.organizationSettings')}</RouterAnchor>}
          description={t('administration.organizationSettingsDescription')}
        />
        <Entry
          icon={<IconHistory size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/audit-log">{t('administration.auditLog')}</RouterAnchor>}
          description={t('administration.auditLogDescription')}
        />
        <Entry
          icon={<IconInfoCircle size={28} aria-hidden />}
          link={<RouterAnchor to="/about">{t('administration.about')}</RouterAnchor>}
          description={t('administration.aboutDescription')}
        />
        <Entry
          icon={<IconApi size={28} aria-hidden />}
          // The API reference is served by the Go server, outside the SPA: a plain link, full page load.
          link={<Anchor href="/api/docs/">{t('administration.apiReference')}</Anchor>}
          description={t('administration.apiReferenceDescription')}
        />
      </SimpleGrid>
    </Page>
  );
}
