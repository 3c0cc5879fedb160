import { IconRefreshDot } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../lib/me';
import { RouterMenuItem } from '../../ui/RouterLinks';

/** The user menu's way to one's background jobs (members have no administration pages to find them in). */
export function JobsMenuItem({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (me.restriction || !me.active_organization_id) return null;
  return (
    <RouterMenuItem to="/jobs" leftSection={<IconRefreshDot size={16} aria-hidden />}>
      {t('jobs.menuItem')}
    </RouterMenuItem>
  );
}
