/** Pieces shared by the campaign pages: status and result badges, the progress bar. */
import { Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { type Campaign, type CampaignStatus, type ItemResult, progressOf } from './inventoryApi';

const STATUS_COLOURS: Record<CampaignStatus, string> = { open: 'blue', completed: 'green' };
const RESULT_COLOURS: Record<ItemResult, string> = {
  pending: 'gray',
  verified: 'green',
  flagged: 'orange',
  missing: 'red',
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={STATUS_COLOURS[status]} data-state={status}>
      {t(`inventory.status.${status}`)}
    </ReadableBadge>
  );
}

export function ResultBadge({ result }: { result: ItemResult }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={RESULT_COLOURS[result]} data-state={result}>
      {t(`inventory.result.${result}`)}
    </ReadableBadge>
  );
}

export function ArchivedBadge() {
  const { t } = useTranslation();
  return <ReadableBadge color="gray">{t('inventory.archived')}</ReadableBadge>;
}

/** (verified + flagged) / total, as a bar with its words for screen readers and a visible figure. */
export function CampaignProgress({
  campaign,
  size = 'md',
}: {
  campaign: Pick<Campaign, 'name' | 'total' | 'verified' | 'flagged'>;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const percent = progressOf(campaign);
  const seen = campaign.verified + campaign.flagged;
  const label = t('inventory.progress.label', {
    name: campaign.name,
    seen: number.format(seen),
    total: number.format(campaign.total),
    percent,
  });
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress.Root size={size} style={{ flex: 1, minWidth: 80 }}>
        <Progress.Section
          value={percent}
          color={percent === 100 ? 'green' : 'blue'}
          withAria={false}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-label={label}
          aria-valuetext={t('inventory.progress.value', { seen: number.format(seen), total: number.format(campaign.total) })}
        />
      </Progress.Root>
      <Text size="sm" aria-hidden style={{ whiteSpace: 'nowrap' }}>
        {t('inventory.progress.short', { seen: number.format(seen), total: number.format(campaign.total), percent })}
      </Text>
    </Group>
  );
}
