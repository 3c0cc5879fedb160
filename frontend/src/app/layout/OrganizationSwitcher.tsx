import { Button, Menu, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconSelector } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import type { Me, OrganizationMembership } from '../../lib/me';
import { showProblemNotification } from '../../lib/problemNotification';
import { switchOrganization } from '../../lib/session';

export interface OrganizationSwitcherProps {
  me: Me;
  /** The active organisation's name as GET /organization has it (fresher than the membership list). */
  name: string | undefined;
}

/**
 * The active organisation, as a menu of the user's other organisations. Switching renews the session for the chosen
 * one, then resets every cached answer, since they all belong to the previous organisation.
 */
export function OrganizationSwitcher({ me, name }: OrganizationSwitcherProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [switching, setSwitching] = useState(false);
  const active = me.organizations.find((organization) => organization.id === me.active_organization_id);

  const choose = async (organization: OrganizationMembership) => {
    if (organization.id === me.active_organization_id) return;
    setSwitching(true);
    try {
      await switchOrganization(organization.id);
      await queryClient.resetQueries();
      notifications.show({ color: 'green', message: t('orgSwitcher.switched', { organization: organization.name }) });
    } catch (error) {
      showProblemNotification(toApiError(error));
    } finally {
      setSwitching(false);
    }
  };

  return (
    // No initial-focus placeholder: a presentational, focusable child of role="menu" fails axe (aria-required-children).
    <Menu position="bottom-start" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          px={6}
          loading={switching}
          rightSection={<IconSelector size={16} aria-hidden />}
          styles={{ label: { maxWidth: 260 } }}
        >
          <VisuallyHidden>{t('orgSwitcher.label')}: </VisuallyHidden>
          <Text component="span" fw={500} truncate="end" data-testid="organization-name">
            {name ?? active?.name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('orgSwitcher.title')}</Menu.Label>
        {me.organizations.map((organization) => {
          const current = organization.id === me.active_organization_id;
          return (
            <Menu.Item
              key={organization.id}
              aria-current={current ? 'true' : undefined}
              rightSection={current ? <IconCheck size={16} aria-hidden /> : null}
              onClick={() => {
                void choose(organization);
              }}
            >
              {organization.name}
              <Text component="span" size="xs" c="dimmed" ml={6}>
                {t(`header.kind.${organization.kind}`)}
              </Text>
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}
