import { Alert, Button, Card, Code, DataList, Group, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowBackUp,
  IconArrowLeft,
  IconArrowsExchange,
  IconHistory,
  IconInfoCircle,
  IconLink,
  IconLock,
  IconLogin2,
  IconLogout2,
  IconPaperclip,
  IconKeyboard,
  IconPencil,
  IconRecycle,
  IconStatusChange,
  IconTool,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Versioned } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { AuditTime } from '../../ui/audit/AuditTime';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterButton } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { EvidenceOfEntityPanel } from '../compliance/EvidenceOfEntityPanel';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { CustomFieldValues } from '../data/CustomFieldValues';
import { LinksPanel } from '../data/LinksPanel';
import { TagBadges } from '../data/TagBadges';
import { CheckInModal, CheckOutModal, TransitionModal } from './AssetActionModals';
import { ArchivedBadge, AssetStatusBadge, CriticalBadge, Day, RemoteBadge, VirtualBadge, WarrantyEnd } from './AssetBadges';
import { AssetCustody } from './AssetCustody';
import { EditAssetModal } from './AssetFormModal';
import type { AssetTab } from './assetSearch';
import { formatMoney } from './assetFormat';
import { AssetPeripherals } from './AssetPeripherals';
import { AssetTimeline } from './AssetTimeline';
import { Item, None, Section } from './DetailParts';
import { RecordDisposalModal } from './DisposalFormModal';
import { DisposalRecordLink } from './DisposalRecordLink';
import { ItemMaintenance } from './ItemMaintenance';
import { allowedTransitions, type Asset, assetQueryOptions, useArchiveAsset, versionedEtag } from './assetsApi';

const routeApi = getRouteApi('/_app/assets/$id');

function Overview({ asset }: { asset: Asset }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="md">
      <Section id="asset-details" title={t('assets.detail.details')}>
        <DataList size="sm" gap="xs" labelWidth="12rem" withDivider>
          <Item label={t('assets.fields.asset_tag')}>{asset.asset_tag ? <Code>{asset.asset_tag}</Code> : <None />}</Item>
          <Item label={t('assets.fields.serial')}>{asset.serial ?? <None />}</Item>
          <Item label={t('assets.fields.model')}>{asset.model_name ?? <None />}</Item>
          <Item label={t('assets.fields.brand')}>{asset.brand_name ?? <None />}</Item>
          <Item label={t('assets.fields.category')}>
            {asset.category ? t(`assets.categories.${asset.category}`) : <None />}
          </Item>
          <Item label={t('assets.fields.location')}>{asset.location_name ?? <None />}</Item>
          <Item label={t('assets.fields.holder')}>
            <Group gap={4}>
              {asset.holder_name ? <Text size="sm">{asset.holder_name}</Text> : asset.remote ? null : <None />}
              {asset.remote ? <RemoteBadge /> : null}
            </Group>
          </Item>
          <Item label={t('assets.fields.critical')}>{asset.critical ? t('assets.filters.yes') : t('assets.filters.no')}</Item>
          <Item label={t('assets.fields.virtual')}>{asset.virtual ? t('assets.filters.yes') : t('assets.filters.no')}</Item>
          <Item label={t('assets.fields.tags')}>{asset.tags.length > 0 ? <TagBadges tags={asset.tags} /> : <None />}</Item>
          <Item label={t('assets.fields.comments')}>
            {asset.comments ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {asset.comments}
              </Text>
            ) : (
              <None />
            )}
          </Item>
        </DataList>
      </Section>
      <Section id="asset-purchase" title={t('assets.form.purchase')}>
        <DataList size="sm" gap="xs" labelWidth="12rem" withDivider>
          <Item label={t('assets.fields.purchase_date')}>
            <Day value={asset.purchase_date} />
          </Item>
          <Item label={t('assets.fields.cost')}>
            {asset.cost ? formatMoney(asset.cost, asset.currency, i18n.language) : <None />}
          </Item>
          <Item label={t('assets.fields.supplier_name')}>{asset.supplier_name || <None />}</Item>
          <Item label={t('assets.fields.warranty_months')}>
            {asset.warranty_months !== null ? t('assets.detail.months', { count: asset.warranty_months }) : <None />}
          </Item>
          <Item label={t('assets.fields.warranty_end')}>
            <WarrantyEnd value={asset.warranty_end} />
          </Item>
        </DataList>
      </Section>
      <Section id="asset-custom-fields" title={t('assets.detail.customFields')}>
        <CustomFieldValues entityType="asset" values={asset.custom_fields} />
      </Section>
      <Text size="xs" c="dimmed">
        {t('assets.detail.created')} <AuditTime value={asset.created_at} size="xs" span /> ·{' '}
        {t('assets.detail.updated')} <AuditTime value={asset.updated_at} size="xs" span />
      </Text>
    </Stack>
  );
}

type Dialog = 'edit' | 'checkOut' | 'checkIn' | 'transition' | 'dispose' | 'archive' | 'restore' | null;

/** What a writer can do with the asset in its current status. */
function Actions({
  asset,
  reload,
}: {
  asset: Versioned<Asset>;
  reload: () => Promise<Versioned<Asset> | undefined>;
}) {
  const { t } = useTranslation();
  const data = asset.data;
  const archive = useArchiveAsset(data.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => {
    setDialog(null);
  };
  const archived = Boolean(data.archived_at);
  const disposed = data.status === 'disposed' || data.status === 'sold';
  const canTransition = allowedTransitions(data.status).length > 0;

  return (
    <>
      <Group gap="sm">
        {!archived && data.status === 'in_stock' ? (
          <Button
            leftSection={<IconLogout2 size={16} aria-hidden />}
            onClick={() => {
              setDialog('checkOut');
            }}
          >
            {t('assets.actions.checkOut')}
          </Button>
        ) : null}
        {!archived && data.status === 'in_use' ? (
          <Button
            leftSection={<IconLogin2 size={16} aria-hidden />}
            onClick={() => {
              setDialog('checkIn');
            }}
          >
            {t('assets.actions.checkIn')}
          </Button>
        ) : null}
        {!archived && canTransition ? (
          <Button
            variant="default"
            leftSection={<IconStatusChange size={16} aria-hidden />}
            onClick={() => {
              setDialog('transition');
            }}
          >
            {t('assets.actions.transition')}
          </Button>
        ) : null}
        {!archived ? (
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
        {!disposed ? (
          <Button
            variant="default"
            leftSection={<IconRecycle size={16} aria-hidden />}
            onClick={() => {
              setDialog('dispose');
            }}
          >
            {t('inventoryAssets.disposals.record')}
          </Button>
        ) : null}
        <DisposalRecordLink kind="asset" id={data.id} disposed={disposed} />
        {disposed ? null : archived ? (
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} aria-hidden />}
            onClick={() => {
              setDialog('restore');
            }}
          >
            {t('assets.actions.restore')}
          </Button>
        ) : (
          <Button
            variant="default"
            leftSection={<IconArchive size={16} color="var(--mantine-color-red-filled)" aria-hidden />}
            onClick={() => {
              setDialog('archive');
            }}
          >
            {t('assets.actions.archive')}
          </Button>
        )}
      </Group>

      {dialog === 'edit' ? <EditAssetModal opened asset={asset} reload={reload} onClose={close} /> : null}
      {dialog === 'checkOut' ? <CheckOutModal opened asset={asset} reload={reload} onClose={close} /> : null}
      {dialog === 'checkIn' ? <CheckInModal opened asset={asset} reload={reload} onClose={close} /> : null}
      {dialog === 'transition' ? <TransitionModal opened asset={asset} reload={reload} onClose={close} /> : null}
      {dialog === 'dispose' ? (
        <RecordDisposalModal opened kind="asset" id={data.id} name={data.name} onClose={close} />
      ) : null}
      <ConfirmModal
        opened={dialog === 'archive' || dialog === 'restore'}
        title={
          dialog === 'restore'
            ? t('assets.restore.title', { name: data.name })
            : t('assets.archive.title', { name: data.name })
        }
        confirmLabel={dialog === 'restore' ? t('assets.restore.confirm') : t('assets.archive.confirm')}
        danger={dialog === 'archive'}
        onClose={close}
        onConfirm={async () => {
          const restoring = dialog === 'restore';
          await archive.mutateAsync({ archived: !restoring, etag: versionedEtag(asset) });
          notifications.show({
            color: 'green',
            message: restoring
              ? t('assets.restore.done', { name: data.name })
              : t('assets.archive.done', { name: data.name }),
          });
        }}
      >
        {dialog === 'restore' ? t('assets.restore.body') : t('assets.archive.body')}
      </ConfirmModal>
    </>
  );
}

/** Assets → one asset: its status and the moves it allows, its details, history, custody log, links and attachments. */
export function AssetDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useQuery(assetQueryOptions(id));
  const data = query.data?.data;
  const tab: AssetTab = search.tab ?? 'overview';

  return (
    <Page
      title={data ? data.name : t('assets.detail.title')}
      actions={
        <RouterButton variant="subtle" to="/assets" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('assets.detail.back')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && data ? (
        <>
          <Group gap="xs" data-testid="asset-header">
            <AssetStatusBadge status={data.status} />
            {data.asset_tag ? <Code>{data.asset_tag}</Code> : null}
            {data.critical ? <CriticalBadge /> : null}
            {data.virtual ? <VirtualBadge /> : null}
            {data.archived_at ? <ArchivedBadge /> : null}
          </Group>
          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('assets.actions.label')}>
              <Actions asset={query.data} reload={async () => (await query.refetch()).data} />
            </Card>
          ) : (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="read-only-notice">
              {t('assets.detail.viewOnly')}
            </Alert>
          )}
          {data.archived_at ? (
            <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
              {t('assets.detail.archivedNotice')}
            </Alert>
          ) : null}
          <Tabs
            value={tab}
            keepMounted={false}
            onChange={(value) => {
              const next = (value ?? 'overview') as AssetTab;
              void navigate({ search: next === 'overview' ? {} : { tab: next }, replace: true });
            }}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="overview" leftSection={<IconInfoCircle size={16} aria-hidden />}>
                {t('assets.tabs.overview')}
              </Tabs.Tab>
              <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
                {t('assets.tabs.history')}
              </Tabs.Tab>
              <Tabs.Tab value="custody" leftSection={<IconArrowsExchange size={16} aria-hidden />}>
                {t('assets.tabs.custody')}
              </Tabs.Tab>
              <Tabs.Tab value="maintenance" leftSection={<IconTool size={16} aria-hidden />}>
                {t('inventoryAssets.tabs.maintenance')}
              </Tabs.Tab>
              <Tabs.Tab value="peripherals" leftSection={<IconKeyboard size={16} aria-hidden />}>
                {t('inventoryAssets.tabs.peripherals')}
              </Tabs.Tab>
              <Tabs.Tab value="links" leftSection={<IconLink size={16} aria-hidden />}>
                {t('assets.tabs.links')}
              </Tabs.Tab>
              <Tabs.Tab value="attachments" leftSection={<IconPaperclip size={16} aria-hidden />}>
                {t('assets.tabs.attachments')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="overview">
              <Overview asset={data} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <AssetTimeline assetId={data.id} />
            </Tabs.Panel>
            <Tabs.Panel value="custody">
              <AssetCustody assetId={data.id} />
            </Tabs.Panel>
            <Tabs.Panel value="maintenance">
              <ItemMaintenance kind="asset" id={data.id} name={data.name} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="peripherals">
              <AssetPeripherals assetId={data.id} assetName={data.name} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="links">
              <Stack gap="md">
                <LinksPanel entityType="asset" entityId={data.id} canWrite={writer} />
                <EvidenceOfEntityPanel entityType="asset" entityId={data.id} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="attachments">
              <AttachmentsPanel ownerType="asset" ownerId={data.id} canWrite={writer} />
            </Tabs.Panel>
          </Tabs>
        </>
      ) : null}
    </Page>
  );
}
