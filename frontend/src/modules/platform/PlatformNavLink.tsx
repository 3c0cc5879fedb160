import { Divider } from '@mantine/core';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { type Me, useMe } from '../../lib/me';
import { RouterMenuItem, RouterNavLink } from '../../ui/RouterLinks';
import { canPlatform, PLATFORM_HOME } from './platformAccess';

/** The navigation's entry to platform administration, below the modules; only for platform administrators. */
export function PlatformNavLink() {
  const { t } = useTranslation();
  const me = useMe();
  if (!canPlatform(me.data, 'read')) return null;
  return (
    <>
      <Divider my="xs" label={t('platformAdmin.nav.section')} labelPosition="left" />
      <RouterNavLink
        to={PLATFORM_HOME}
        activeProps={{ active: true }}
        label={t('platformAdmin.nav.organizations')}
        leftSection={<IconBuildingCommunity size={18} aria-hidden />}
      />
    </>
  );
}

/** The user menu's entry to platform administration; only for platform administrators. */
export function PlatformMenuItem({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!canPlatform(me, 'read')) return null;
  return (
    <RouterMenuItem to={PLATFORM_HOME} leftSection={<IconBuildingCommunity size={16} aria-hidden />}>
      {t('platformAdmin.nav.menu')}
    </RouterMenuItem>
  );
}
