import { Anchor, Card, SimpleGrid, Text } from '@mantine/core';
import {
  IconApi,
  IconBell,
  IconBuilding,
  IconForms,
  IconHistory,
  IconInfoCircle,
  IconKey,
  IconListDetails,
  IconRefreshDot,
  IconShieldLock,
  IconTags,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
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
  const me = useMe();
  return (
    <Page title={t('modules.administration')} description={t('administration.description')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        <Entry
          icon={<IconBuilding size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/organization">{t('administration.organizationSettings')}</RouterAnchor>}
          description={t('administration.organizationSettingsDescription')}
        />
        <Entry
          icon={<IconUsers size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/members">{t('members.title')}</RouterAnchor>}
          description={t('members.cardDescription')}
        />
        <Entry
          icon={<IconUsersGroup size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/groups">{t('groups.title')}</RouterAnchor>}
          description={t('groups.cardDescription')}
        />
        <Entry
          icon={<IconShieldLock size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/roles">{t('roles.title')}</RouterAnchor>}
          description={t('roles.cardDescription')}
        />
        <Entry
          icon={<IconHistory size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/audit-log">{t('administration.auditLog')}</RouterAnchor>}
          description={t('administration.auditLogDescription')}
        />
        {can(me.data, 'administration', 'admin') ? (
          <Entry
            icon={<IconKey size={28} aria-hidden />}
            link={<RouterAnchor to="/administration/security/sso">{t('security.sso.title')}</RouterAnchor>}
            description={t('security.sso.entryDescription')}
          />
        ) : null}
        <Entry
          icon={<IconRefreshDot size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/jobs">{t('jobs.title')}</RouterAnchor>}
          description={t('jobs.cardDescription')}
        />
        <Entry
          icon={<IconWebhook size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/webhooks">{t('webhooks.title')}</RouterAnchor>}
          description={t('webhooks.cardDescription')}
        />
        <Entry
          icon={<IconListDetails size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/notification-deliveries">{t('deliveryLog.title')}</RouterAnchor>}
          description={t('deliveryLog.cardDescription')}
        />
        <Entry
          icon={<IconBell size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/notifications">{t('notificationSettings.title')}</RouterAnchor>}
          description={t('notificationSettings.cardDescription')}
        />
        <Entry
          icon={<IconTags size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/tags">{t('tags.title')}</RouterAnchor>}
          description={t('tags.cardDescription')}
        />
        <Entry
          icon={<IconForms size={28} aria-hidden />}
          link={<RouterAnchor to="/administration/custom-fields">{t('customFields.title')}</RouterAnchor>}
          description={t('customFields.cardDescription')}
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
