import { Badge, Burger, Group, Text, UnstyledButton } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMeta, useOrganization } from '../../lib/deployment';
import { ColorSchemeToggle } from '../../ui/ColorSchemeToggle';
import { LanguageSwitcher } from '../../ui/LanguageSwitcher';

export interface TopBarProps {
  navigationOpened: boolean;
  onToggleNavigation: () => void;
}

export function TopBar({ navigationOpened, onToggleNavigation }: TopBarProps) {
  const { t } = useTranslation();
  const meta = useMeta();
  const organization = useOrganization().data?.data;
  // Single-organisation deployments never show anything about tenancy.
  const multiOrganization = meta.data?.multi_organization === true;

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
        {organization ? (
          <Group gap="xs" wrap="nowrap" miw={0} visibleFrom="xs">
            <Text component="span" c="dimmed" aria-hidden>
              /
            </Text>
            <Text component="span" fw={500} truncate="end" data-testid="organization-name">
              {organization.name}
            </Text>
            {multiOrganization ? (
              <Badge variant="light" size="sm">
                {t(`header.kind.${organization.kind}`)}
              </Badge>
            ) : null}
          </Group>
        ) : null}
      </Group>
      <Group gap="xs" wrap="nowrap">
        <LanguageSwitcher />
        <ColorSchemeToggle />
      </Group>
    </Group>
  );
}
