/** Small pieces of the software and licence pages: status badges, seat usage, the filter card, expiry dates. */
import { Badge, Button, Card, Group, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { formatDay, today } from '../assets/assetFormat';
import type { Licence, LicenceStatus } from './softwareApi';
import { LICENCE_STATUS_COLORS, seatsLabel } from './softwareFormat';
import { DANGER_TEXT, WARNING_TEXT } from '../../ui/tones';

export function LicenceStatusBadge({ status }: { status: LicenceStatus }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={LICENCE_STATUS_COLORS[status]} data-state={status}>
      {t(`software.status.${status}`)}
    </ReadableBadge>
  );
}

export function ArchivedBadge() {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="gray" tt="none">
      {t('software.archived')}
    </Badge>
  );
}

export function SeatsUsage({ licence }: { licence: Pick<Licence, 'seats' | 'seats_used'> }) {
  const { t, i18n } = useTranslation();
  return <Text size="sm">{seatsLabel(licence, t, i18n.language)}</Text>;
}

/** An expiry day; past ones are marked, soon ones (30 days) too. */
export function Expiry({ value }: { value: string | null }) {
  const { t, i18n } = useTranslation();
  if (!value) {
    return (
      <Text size="sm" c="dimmed">
        {t('software.noExpiry')}
      </Text>
    );
  }
  const now = today();
  const soon = new Date(`${now}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + 30);
  const expired = value < now;
  const expiring = !expired && value <= soon.toISOString().slice(0, 10);
  return (
    <Text size="sm" component="time" dateTime={value} data-expired={expired || undefined} c={expired ? DANGER_TEXT : expiring ? WARNING_TEXT : undefined}>
      {formatDay(value, i18n.language)}
      {expired ? ` (${t('software.expiredSuffix')})` : expiring ? ` (${t('software.expiringSuffix')})` : ''}
    </Text>
  );
}

/** The filters of a list, in a card; "clear" shows once a filter narrows the list. */
export function FilterCard({
  filtered,
  onClear,
  includeArchived,
  archivedLabel,
  onIncludeArchived,
  children,
}: {
  filtered: boolean;
  onClear: () => void;
  includeArchived: boolean;
  archivedLabel: string;
  onIncludeArchived: (value: boolean) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm" component="section" aria-label={t('software.filters.label')}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          {children}
        </SimpleGrid>
        <Group justify="space-between">
          <Switch
            label={archivedLabel}
            checked={includeArchived}
            onChange={(event) => {
              onIncludeArchived(event.currentTarget.checked);
            }}
          />
          {filtered ? (
            <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
              {t('software.filters.clear')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}
