import { Button, Card, Code, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconArrowLeft, IconHistory, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { AuditTime } from '../../ui/audit/AuditTime';
import { AuditValue } from '../../ui/audit/AuditValue';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterButton } from '../../ui/RouterLinks';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { LinksPanel } from '../data/LinksPanel';
import { Day } from './AssetBadges';
import { formatMoney } from './assetFormat';
import { flattenPages } from './assetsApi';
import { Details, Item, LongText, None, Section } from './DetailParts';
import { CorrectDisposalModal } from './DisposalFormModal';
import { DisposalMethodBadge, DisposedItemLink } from './DisposalsPage';
import { type DisposalChange, disposalQueryOptions, useDisposalHistory } from './disposalsApi';

const routeApi = getRouteApi('/_app/assets/disposals/$id');

const FIELDS = ['disposed_on', 'method', 'partner_name', 'price', 'currency', 'certificate_number', 'notes'] as const;
type KnownField = (typeof FIELDS)[number];

function changesOf(change: DisposalChange): { field: string; before: unknown; after: unknown }[] {
  return Object.keys(change.changes)
    .sort((a, b) => a.localeCompare(b))
    .map((field) => {
      const pair = change.changes[field];
      const values: unknown[] = Array.isArray(pair) ? pair : [null, pair];
      return { field, before: values[0] ?? null, after: values[1] ?? null };
    });
}

/** Every correction, newest first: when, who, why, and each field before → after. */
function Corrections({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useDisposalHistory(id);
  const { items } = flattenPages(query.data?.pages);
  const fieldName = (field: string) =>
    (FIELDS as readonly string[]).includes(field) ? t(`inventoryAssets.disposals.fields.${field as KnownField}`) : field;
  if (query.isError && query.data === undefined) {
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined) return <Skeleton height={80} radius="sm" />;
  if (items.length === 0) {
    return (
      <Group gap="xs" c="dimmed">
        <IconHistory size={18} aria-hidden />
        <Text size="sm">{t('inventoryAssets.disposals.noCorrections')}</Text>
      </Group>
    );
  }
  return (
    <Stack gap="md">
      {items.map((change) => (
        <Stack key={change.id} gap={4} data-change-id={change.id}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              {change.actor_name || t('timeline.system')}
            </Text>
            <AuditTime value={change.at} size="xs" c="dimmed" />
          </Group>
          <Text size="sm">
            {t('inventoryAssets.disposals.reasonLabel')} {change.reason}
          </Text>
          <Table
            layout="fixed"
            withTableBorder
            verticalSpacing={4}
            aria-label={t('inventoryAssets.disposals.changesOf', { reason: change.reason })}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="30%">{t('audit.changes.field')}</Table.Th>
                <Table.Th>{t('audit.changes.before')}</Table.Th>
                <Table.Th>{t('audit.changes.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changesOf(change).map(({ field, before, after }) => (
                <Table.Tr key={field}>
                  <Table.Th scope="row" fw={400}>
                    {fieldName(field)}
                  </Table.Th>
                  <Table.Td>
                    <AuditValue value={before} />
                  </Table.Td>
                  <Table.Td>
                    <AuditValue value={after} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
      {query.hasNextPage ? (
        <Group>
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('timeline.older')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** Disposals → one disposal: the record, its certificate, links and corrections. */
export function DisposalDetailPage() {
  const { t, i18n } = useTranslation();
  const { id } = routeApi.useParams();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useQuery(disposalQueryOptions(id));
  const [correcting, setCorrecting] = useState(false);
  const disposal = query.data?.data;
  return (
    <Page
      title={disposal ? t('inventoryAssets.disposals.detailTitle', { name: disposal.item_name }) : t('inventoryAssets.disposals.title')}
      actions={
        <RouterButton variant="subtle" to="/assets/disposals" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('inventoryAssets.disposals.back')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && disposal ? (
        <>
          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('assets.actions.label')}>
              <Button
                variant="default"
                leftSection={<IconPencil size={16} aria-hidden />}
                onClick={() => {
                  setCorrecting(true);
                }}
              >
                {t('inventoryAssets.disposals.correct')}
              </Button>
            </Card>
          ) : null}
          <Section id="disposal-details" title={t('assets.detail.details')}>
            <Details>
              <Item label={t('inventoryAssets.disposals.item')}>
                <DisposedItemLink disposal={disposal} />
              </Item>
              <Item label={t('inventoryAssets.disposals.kind')}>{t(`inventoryAssets.kinds.${disposal.item_kind}`)}</Item>
              <Item label={t('inventoryAssets.disposals.disposedOn')}>
                <Day value={disposal.disposed_on} />
              </Item>
              <Item label={t('inventoryAssets.disposals.method')}>
                <DisposalMethodBadge method={disposal.method} />
              </Item>
              <Item label={t('inventoryAssets.disposals.partner')}>{disposal.partner_name || <None />}</Item>
              {disposal.method === 'sold' || disposal.price ? (
                <Item label={t('inventoryAssets.disposals.price')}>
                  {disposal.price ? formatMoney(disposal.price, disposal.currency, i18n.language) : <None />}
                </Item>
              ) : null}
              <Item label={t('inventoryAssets.disposals.certificateNumber')}>
                {disposal.certificate_number ? <Code>{disposal.certificate_number}</Code> : <None />}
              </Item>
              <Item label={t('inventoryAssets.fields.notes')}>
                <LongText value={disposal.notes} />
              </Item>
              <Item label={t('inventoryAssets.disposals.recordedBy')}>
                <Text size="sm">
                  {disposal.recorded_by_name || t('timeline.system')} ·{' '}
                  <AuditTime value={disposal.created_at} size="sm" span />
                </Text>
              </Item>
            </Details>
          </Section>
          <Section id="disposal-certificate" title={t('inventoryAssets.disposals.certificate')}>
            <AttachmentsPanel ownerType="disposal" ownerId={disposal.id} canWrite={writer} />
          </Section>
          <Section id="disposal-corrections" title={t('inventoryAssets.disposals.corrections')}>
            <Corrections id={disposal.id} />
          </Section>
          <Section id="disposal-links" title={t('assets.tabs.links')}>
            <LinksPanel entityType="disposal" entityId={disposal.id} canWrite={writer} />
          </Section>
          {correcting ? (
            <CorrectDisposalModal
              opened
              disposal={query.data}
              reload={async () => (await query.refetch()).data}
              onClose={() => {
                setCorrecting(false);
              }}
            />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
