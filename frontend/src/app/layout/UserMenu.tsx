import { Button, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../lib/me';
import { useSignOut } from '../../modules/identity/useSignOut';
import { JobsMenuItem } from '../../modules/jobs/JobsMenuItem';
import { PlatformMenuItem } from '../../modules/platform/PlatformNavLink';
import { RouterMenuItem } from '../../ui/RouterLinks';

/** The signed-in user: who they are, their profile, and signing out. */
export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const name = me.name.trim() || me.email;
  return (
    // No initial-focus placeholder: a presentational, focusable child of role="menu" fails axe (aria-required-children).
    <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button
          variant="default"
          px={8}
          aria-label={t('userMenu.label', { name })}
          // An icon, not initials: the button's visible text must stay part of its accessible name (WCAG 2.5.3).
          leftSection={<IconUserCircle size={20} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          <Text component="span" size="sm" visibleFrom="md" maw={180} truncate="end">
            {name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {name}
          </Text>
          {me.email ? <Text size="xs">{me.email}</Text> : null}
        </Menu.Label>
        <Menu.Divider />
        <RouterMenuItem to="/profile" leftSection={<IconUserCircle size={16} aria-hidden />}>
          {t('userMenu.profile')}
        </RouterMenuItem>
        <JobsMenuItem me={me} />
        <PlatformMenuItem me={me} />
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => {
            void signOut();
          }}
        >
          {t('userMenu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
