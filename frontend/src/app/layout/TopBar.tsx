import { Badge, Burger, Group, Text, UnstyledButton } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMeta, useOrganization } from '../../lib/deployment';
import { useMe } from '../../lib/me';
import { useSession } from '../../lib/session';
import { NotificationBell } from '../../modules/notifications/NotificationBell';
import { ColorSchemeToggle } from '../../ui/ColorSchemeToggle';
import { LanguageSwitcher } from '../../ui/LanguageSwitcher';
import { RouterAnchor } from '../../ui/RouterLinks';
import { OrganizationSwitcher } from './OrganizationSwitcher';
import { UserMenu } from './UserMenu';

export interface TopBarProps {
  navigationOpened: boolean;
  onToggleNavigation: () => void;
}

/** Development only: the server let the app in without a sign-in, as its bootstrap administrator. */
function DevelopmentNotice() {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <Badge variant="dot" color="orange" visibleFrom="sm" data-testid="bootstrap-badge">
        {t('session.bootstrap.badge')}
      </Badge>
      <RouterAnchor to="/login" size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
        {t('session.bootstrap.signIn')}
      </RouterAnchor>
    </Group>
  );
}

export function TopBar({ navigationOpened, onToggleNavigation }: TopBarProps) {
  const { t } = useTranslation();
  const meta = useMeta();
  const organization = useOrganization().data?.data;
  const session = useSession();
  const me = useMe().data;
  // Single-organisation deployments never show anything about tenancy.
  const multiOrganization = meta.data?.multi_organization === true;
  // Only someone who belongs to several organisations can switch.
  const switchable = session.status === 'signed-in' && me !== undefined && me.organizations.length > 1;

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <Burger
          opened={navigationOpened}
          onClick={onToggleNavigation}
          hiddenFrom="sm"
          size="sm"
          aria-label={navigationOpened ? t('nav.close') : t('nav.open')}
          aria-expanded={navigationOpened}
        />
        <UnstyledButton component={Link} to="/" aria-label={t('app.home')}>
          <Text component="span" fw={700} size="lg">
            {t('app.name')}
          </Text>
        </UnstyledButton>
        {organization || switchable ? (
          <Group gap="xs" wrap="nowrap" miw={0} visibleFrom="xs">
            <Text component="span" c="dimmed" aria-hidden>
              /
            </Text>
            {switchable ? (
              <OrganizationSwitcher me={me} name={organization?.name} />
            ) : (
              <Text component="span" fw={500} truncate="end" data-testid="organization-name">
                {organization?.name}
              </Text>
            )}
            {multiOrganization && organization ? (
              <Badge variant="light" size="sm">
                {t(`header.kind.${organization.kind}`)}
              </Badge>
            ) : null}
          </Group>
        ) : null}
      </Group>
      <Group gap="xs" wrap="nowrap">
        {session.status === 'bootstrap' ? <DevelopmentNotice /> : null}
        <LanguageSwitcher />
        <ColorSchemeToggle />
        {session.status === 'signed-in' && me ? <NotificationBell me={me} /> : null}
        {session.status === 'signed-in' && me ? <UserMenu me={me} /> : null}
      </Group>
    </Group>
  );
}
