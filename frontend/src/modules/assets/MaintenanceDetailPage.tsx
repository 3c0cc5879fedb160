import { Alert, Anchor, Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowBackUp, IconArrowLeft, IconExternalLink, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { AuditTime } from '../../ui/audit/AuditTime';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor, RouterButton } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { LinksPanel } from '../data/LinksPanel';
import { TagBadges } from '../data/TagBadges';
import { ArchivedBadge, Day } from './AssetBadges';
import { formatMoney } from './assetFormat';
import { Details, Item, LongText, None, Section } from './DetailParts';
import { type MaintenanceLog, maintenanceLogQueryOptions, useArchiveMaintenanceLog } from './maintenanceApi';
import { EditMaintenanceModal } from './MaintenanceFormModal';
import { MaintenanceStatusBadge, MaintenanceTypeBadge } from './MaintenanceTable';

const routeApi = getRouteApi('/_app/assets/maintenance/$id');

/** http(s) only: a ticket link never runs script. */
function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

function ItemLink({ log }: { log: MaintenanceLog }) {
  if (log.asset_id) {
    return (
      <RouterAnchor to="/assets/$id" params={{ id: log.asset_id }} size="sm">
        {log.item_name}
      </RouterAnchor>
    );
  }
  if (log.peripheral_id) {
    return (
      <RouterAnchor to="/assets/peripherals/$id" params={{ id: log.peripheral_id }} size="sm">
        {log.item_name}
      </RouterAnchor>
    );
  }
  return <Text size="sm">{log.item_name}</Text>;
}

/** Maintenance → one log: what was done to which item, by whom and when; its evidence and links. */
export function MaintenanceDetailPage() {
  const { t, i18n } = useTranslation();
  const { id } = routeApi.useParams();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useQuery(maintenanceLogQueryOptions(id));
  const archive = useArchiveMaintenanceLog(id);
  const [dialog, setDialog] = useState<'edit' | 'archive' | 'restore' | null>(null);
  const log = query.data?.data;
  const close = () => {
    setDialog(null);
  };
  const ticket = safeUrl(log?.ticket_url ?? null);

  return (
    <Page
      title={log ? log.title : t('inventoryAssets.maintenance.detailTitle')}
      actions={
        <RouterButton variant="subtle" to="/assets/maintenance" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('inventoryAssets.maintenance.back')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && log ? (
        <>
          <Group gap="xs">
            <MaintenanceTypeBadge type={log.type} />
            <MaintenanceStatusBadge status={log.status} />
            {log.archived_at ? <ArchivedBadge /> : null}
          </Group>
          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('assets.actions.label')}>
              <Group gap="sm">
                {!log.archived_at ? (
                  <Button
                    variant="default"
                    leftSection={<IconPencil size={16} aria-hidden />}
                    onClick={() => {
                      setDialog('edit');
                    }}
                  >
                    {t('assets.actions.edit')}
                  </Button>
                ) : null}
                <Button
                  variant="default"
                  leftSection={
                    log.archived_at ? (
                      <IconArrowBackUp size={16} aria-hidden />
                    ) : (
                      <IconArchive size={16} color="var(--mantine-color-red-filled)" aria-hidden />
                    )
                  }
                  onClick={() => {
                    setDialog(log.archived_at ? 'restore' : 'archive');
                  }}
                >
                  {log.archived_at ? t('assets.actions.restore') : t('assets.actions.archive')}
                </Button>
              </Group>
            </Card>
          ) : null}
          {log.archived_at ? (
            <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
              {t('inventoryAssets.maintenance.archivedNotice')}
            </Alert>
          ) : null}
          <Section id="maintenance-details" title={t('assets.detail.details')}>
            <Details>
              <Item label={t('inventoryAssets.maintenance.item')}>
                <ItemLink log={log} />
              </Item>
              <Item label={t('inventoryAssets.maintenance.performedOn')}>
                <Day value={log.performed_on} />
              </Item>
              <Item label={t('inventoryAssets.maintenance.assignee')}>{log.assignee_name ?? <None />}</Item>
              <Item label={t('inventoryAssets.maintenance.ticketUrl')}>
                {ticket ? (
                  <Anchor href={ticket} target="_blank" rel="noopener noreferrer" size="sm">
                    <Group gap={4} component="span" wrap="nowrap">
                      {ticket}
                      <IconExternalLink size={14} aria-label={t('inventoryAssets.opensInNewTab')} />
                    </Group>
                  </Anchor>
                ) : (
                  <None />
                )}
              </Item>
              <Item label={t('assets.fields.cost')}>
                {log.cost ? formatMoney(log.cost, log.currency, i18n.language) : <None />}
              </Item>
              {log.type === 'data_erasure' ? (
                <>
                  <Item label={t('inventoryAssets.maintenance.erasureMethod')}>
                    {log.erasure_method ? t(`inventoryAssets.erasureMethods.${log.erasure_method}`) : <None />}
                  </Item>
                  <Item label={t('inventoryAssets.maintenance.verifiedBy')}>{log.erasure_verified_by || <None />}</Item>
                </>
              ) : null}
              <Item label={t('assets.fields.tags')}>{log.tags.length > 0 ? <TagBadges tags={log.tags} /> : <None />}</Item>
              <Item label={t('inventoryAssets.maintenance.descriptionField')}>
                <LongText value={log.description} />
              </Item>
            </Details>
          </Section>
          <Section id="maintenance-evidence" title={t('inventoryAssets.maintenance.evidence')}>
            <AttachmentsPanel ownerType="maintenance_log" ownerId={log.id} canWrite={writer} />
          </Section>
          <Section id="maintenance-links" title={t('assets.tabs.links')}>
            <LinksPanel entityType="maintenance_log" entityId={log.id} canWrite={writer} />
          </Section>
          <Stack gap={0}>
            <Text size="xs" c="dimmed">
              {t('assets.detail.created')} <AuditTime value={log.created_at} size="xs" span /> ·{' '}
              {t('assets.detail.updated')} <AuditTime value={log.updated_at} size="xs" span />
            </Text>
          </Stack>
          {dialog === 'edit' ? (
            <EditMaintenanceModal
              opened
              log={query.data}
              reload={async () => (await query.refetch()).data}
              onClose={close}
            />
          ) : null}
          <ConfirmModal
            opened={dialog === 'archive' || dialog === 'restore'}
            title={
              dialog === 'restore'
                ? t('inventoryAssets.maintenance.restoreTitle', { title: log.title })
                : t('inventoryAssets.maintenance.archiveTitle', { title: log.title })
            }
            confirmLabel={dialog === 'restore' ? t('assets.restore.confirm') : t('assets.archive.confirm')}
            danger={dialog === 'archive'}
            onClose={close}
            onConfirm={async () => {
              const restoring = dialog === 'restore';
              await archive.mutateAsync({ archived: !restoring });
              await query.refetch();
              notifications.show({
                color: 'green',
                message: restoring
                  ? t('inventoryAssets.maintenance.restored', { title: log.title })
                  : t('inventoryAssets.maintenance.archived', { title: log.title }),
              });
            }}
          >
            {dialog === 'restore' ? t('inventoryAssets.maintenance.restoreBody') : t('inventoryAssets.maintenance.archiveBody')}
          </ConfirmModal>
        </>
      ) : null}
    </Page>
  );
}
