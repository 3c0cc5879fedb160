import { Badge, Text, type TextProps, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconHome, IconWorld } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { ASSET_STATUS_COLORS, formatDay, today } from './assetFormat';
import type { AssetStatus } from './assetsApi';

export function AssetStatusBadge({ status }: { status: AssetStatus }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={ASSET_STATUS_COLORS[status]} data-state={status}>
      {t(`assets.status.${status}`)}
    </ReadableBadge>
  );
}

/** The holder keeps the asset off-site (home office). */
export function RemoteBadge() {
  const { t } = useTranslation();
  return (
    <ReadableBadge color="cyan" leftSection={<IconHome size={12} aria-hidden />}>
      {t('assets.remote')}
    </ReadableBadge>
  );
}

export function CriticalBadge() {
  const { t } = useTranslation();
  return (
    <ReadableBadge color="red" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
      {t('assets.critical')}
    </ReadableBadge>
  );
}

export function VirtualBadge() {
  const { t } = useTranslation();
  return (
    <ReadableBadge color="violet" leftSection={<IconWorld size={12} aria-hidden />}>
      {t('assets.virtual')}
    </ReadableBadge>
  );
}

export function ArchivedBadge() {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color="gray" tt="none">
      {t('assets.archived')}
    </Badge>
  );
}

export function Day({ value, ...props }: { value: string | null } & Omit<TextProps, 'children'>) {
  const { t, i18n } = useTranslation();
  if (!value) {
    return (
      <Text size="sm" c="dimmed" {...props}>
        {t('assets.none')}
      </Text>
    );
  }
  return (
    <Text component="time" dateTime={value} size="sm" {...props}>
      {formatDay(value, i18n.language)}
    </Text>
  );
}

/** The end of the warranty, in red once it is past. */
export function WarrantyEnd({ value }: { value: string | null }) {
  const { t, i18n } = useTranslation();
  if (!value) return <Day value={null} />;
  const expired = value < today();
  return (
    <Text
      component="time"
      dateTime={value}
      size="sm"
      // Dark red on light, light red on dark: both meet WCAG AA contrast.
      c={expired ? 'light-dark(var(--mantine-color-red-8), var(--mantine-color-red-4))' : undefined}
      fw={expired ? 600 : undefined}
      style={{ whiteSpace: 'nowrap' }}
      data-expired={expired || undefined}
    >
      {formatDay(value, i18n.language)}
      {expired ? <VisuallyHidden component="span"> {t('assets.warrantyExpired')}</VisuallyHidden> : null}
    </Text>
  );
}
