import { Alert, Button, Card, Code, Group, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowBackUp,
  IconArrowLeft,
  IconHistory,
  IconInfoCircle,
  IconLink,
  IconLock,
  IconLogin2,
  IconLogout2,
  IconPaperclip,
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
import { RouterAnchor, RouterButton } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { CustomFieldValues } from '../data/CustomFieldValues';
import { LinksPanel } from '../data/LinksPanel';
import { TagBadges } from '../data/TagBadges';
import { CheckInDialog, CheckOutDialog, TransitionDialog } from './AssetActionModals';
import { ArchivedBadge, AssetStatusBadge, Day, RemoteBadge, WarrantyEnd } from './AssetBadges';
import { formatMoney } from './assetFormat';
import { allowedTransitions } from './assetsApi';
import { TimelineView } from '../../ui/timeline/RecordTimeline';
import { useAssetFieldLabel } from './assetFieldLabel';
import { Details, Item, LongText, None, Section } from './DetailParts';
import { RecordDisposalModal } from './DisposalFormModal';
import { DisposalRecordLink } from './DisposalRecordLink';
import type { PeripheralTab } from './inventorySearch';
import { ItemMaintenance } from './ItemMaintenance';
import { EditPeripheralModal } from './PeripheralFormModal';
import {
  type Peripheral,
  peripheralQueryOptions,
  useArchivePeripheral,
  useCheckInPeripheral,
  useCheckOutPeripheral,
  usePeripheralTimeline,
  useTransitionPeripheral,
} from './peripheralsApi';

const routeApi = getRouteApi('/_app/assets/peripherals/$id');

function Overview({ peripheral }: { peripheral: Peripheral }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="md">
      <Section id="peripheral-details" title={t('assets.detail.details')}>
        <Details>
          <Item label={t('assets.fields.serial')}>{peripheral.serial ? <Code>{peripheral.serial}</Code> : <None />}</Item>
          <Item label={t('assets.fields.model')}>{peripheral.model_name ?? <None />}</Item>
          <Item label={t('assets.fields.brand')}>{peripheral.brand_name ?? <None />}</Item>
          <Item label={t('inventoryAssets.peripherals.attachedTo')}>
            {peripheral.asset_id ? (
              <RouterAnchor to="/assets/$id" params={{ id: peripheral.asset_id }} size="sm">
                {peripheral.asset_name ?? peripheral.asset_id}
              </RouterAnchor>
            ) : (
              <None />
            )}
          </Item>
          <Item label={t('assets.fields.location')}>{peripheral.location_name ?? <None />}</Item>
          <Item label={t('assets.fields.holder')}>
            <Group gap={4}>
              {peripheral.holder_name ? <Text size="sm">{peripheral.holder_name}</Text> : peripheral.remote ? null : <None />}
              {peripheral.remote ? <RemoteBadge /> : null}
            </Group>
          </Item>
          <Item label={t('assets.fields.tags')}>
            {peripheral.tags.length > 0 ? <TagBadges tags={peripheral.tags} /> : <None />}
          </Item>
          <Item label={t('inventoryAssets.fields.notes')}>
            <LongText value={peripheral.notes} />
          </Item>
        </Details>
      </Section>
      <Section id="peripheral-purchase" title={t('assets.form.purchase')}>
        <Details>
          <Item label={t('assets.fields.purchase_date')}>
            <Day value={peripheral.purchase_date} />
          </Item>
          <Item label={t('assets.fields.cost')}>
            {peripheral.cost ? formatMoney(peripheral.cost, peripheral.currency, i18n.language) : <None />}
          </Item>
          <Item label={t('assets.fields.supplier_name')}>{peripheral.supplier_name || <None />}</Item>
          <Item label={t('assets.fields.warranty_months')}>
            {peripheral.warranty_months !== null ? (
              t('assets.detail.months', { count: peripheral.warranty_months })
            ) : (
              <None />
            )}
          </Item>
          <Item label={t('assets.fields.warranty_end')}>
            <WarrantyEnd value={peripheral.warranty_end} />
          </Item>
        </Details>
      </Section>
      <Section id="peripheral-custom-fields" title={t('assets.detail.customFields')}>
        <CustomFieldValues entityType="peripheral" values={peripheral.custom_fields} />
      </Section>
      <Text size="xs" c="dimmed">
        {t('assets.detail.created')} <AuditTime value={peripheral.created_at} size="xs" span /> ·{' '}
        {t('assets.detail.updated')} <AuditTime value={peripheral.updated_at} size="xs" span />
      </Text>
    </Stack>
  );
}

function PeripheralTimeline({ id }: { id: string }) {
  return <TimelineView query={usePeripheralTimeline(id)} fieldLabel={useAssetFieldLabel()} />;
}

type Dialog = 'edit' | 'checkOut' | 'checkIn' | 'transition' | 'dispose' | 'archive' | 'restore' | null;

function Actions({
  peripheral,
  reload,
}: {
  peripheral: Versioned<Peripheral>;
  reload: () => Promise<Versioned<Peripheral> | undefined>;
}) {
  const { t } = useTranslation();
  const data = peripheral.data;
  const checkOut = useCheckOutPeripheral(data.id);
  const checkIn = useCheckInPeripheral(data.id);
  const transition = useTransitionPeripheral(data.id);
  const archive = useArchivePeripheral(data.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => {
    setDialog(null);
  };
  const archived = Boolean(data.archived_at);
  const disposed = data.status === 'disposed' || data.status === 'sold';
  const button = (key: Exclude<Dialog, null>, label: string, Icon: typeof IconPencil, primary = false) => (
    <Button
      variant={primary ? 'filled' : 'default'}
      leftSection={<Icon size={16} aria-hidden />}
      onClick={() => {
        setDialog(key);
      }}
    >
      {label}
    </Button>
  );
  return (
    <>
      <Group gap="sm">
        {!archived && data.status === 'in_stock' ? button('checkOut', t('assets.actions.checkOut'), IconLogout2, true) : null}
        {!archived && data.status === 'in_use' ? button('checkIn', t('assets.actions.checkIn'), IconLogin2, true) : null}
        {!archived && allowedTransitions(data.status).length > 0
          ? button('transition', t('assets.actions.transition'), IconStatusChange)
          : null}
        {!archived ? button('edit', t('assets.actions.edit'), IconPencil) : null}
        {!disposed ? button('dispose', t('inventoryAssets.disposals.record'), IconRecycle) : null}
        <DisposalRecordLink kind="peripheral" id={data.id} disposed={disposed} />
        {archived
          ? disposed
            ? null
            : button('restore', t('assets.actions.restore'), IconArrowBackUp)
          : button('archive', t('assets.actions.archive'), IconArchive)}
      </Group>
      {dialog === 'edit' ? <EditPeripheralModal opened peripheral={peripheral} reload={reload} onClose={close} /> : null}
      {dialog === 'checkOut' ? (
        <CheckOutDialog opened item={peripheral} mutation={checkOut} reload={reload} onClose={close} />
      ) : null}
      {dialog === 'checkIn' ? (
        <CheckInDialog opened item={peripheral} mutation={checkIn} reload={reload} onClose={close} />
      ) : null}
      {dialog === 'transition' ? (
        <TransitionDialog opened item={peripheral} mutation={transition} reload={reload} onClose={close} />
      ) : null}
      {dialog === 'dispose' ? (
        <RecordDisposalModal opened kind="peripheral" id={data.id} name={data.name} onClose={close} />
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
          await archive.mutateAsync({ archived: !restoring });
          notifications.show({
            color: 'green',
            message: restoring ? t('assets.restore.done', { name: data.name }) : t('assets.archive.done', { name: data.name }),
          });
        }}
      >
        {dialog === 'restore' ? t('inventoryAssets.peripherals.restoreBody') : t('inventoryAssets.peripherals.archiveBody')}
      </ConfirmModal>
    </>
  );
}

/** Peripherals → one peripheral: status and moves, details, history, maintenance, links and attachments. */
export function PeripheralDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useQuery(peripheralQueryOptions(id));
  const data = query.data?.data;
  const tab: PeripheralTab = search.tab ?? 'overview';

  return (
    <Page
      title={data ? data.name : t('inventoryAssets.peripherals.detailTitle')}
      actions={
        <RouterButton variant="subtle" to="/assets/peripherals" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('inventoryAssets.peripherals.back')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && data ? (
        <>
          <Group gap="xs">
            <AssetStatusBadge status={data.status} />
            {data.serial ? <Code>{data.serial}</Code> : null}
            {data.archived_at ? <ArchivedBadge /> : null}
          </Group>
          {data.asset_id && !data.archived_at ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
              {t('inventoryAssets.peripherals.attachedNotice', { asset: data.asset_name ?? '' })}
            </Alert>
          ) : null}
          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('assets.actions.label')}>
              <Actions peripheral={query.data} reload={async () => (await query.refetch()).data} />
            </Card>
          ) : (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
              {t('assets.detail.viewOnly')}
            </Alert>
          )}
          {data.archived_at ? (
            <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
              {t('inventoryAssets.peripherals.archivedNotice')}
            </Alert>
          ) : null}
          <Tabs
            value={tab}
            keepMounted={false}
            onChange={(value) => {
              const next = (value ?? 'overview') as PeripheralTab;
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
              <Tabs.Tab value="maintenance" leftSection={<IconTool size={16} aria-hidden />}>
                {t('inventoryAssets.tabs.maintenance')}
              </Tabs.Tab>
              <Tabs.Tab value="links" leftSection={<IconLink size={16} aria-hidden />}>
                {t('assets.tabs.links')}
              </Tabs.Tab>
              <Tabs.Tab value="attachments" leftSection={<IconPaperclip size={16} aria-hidden />}>
                {t('assets.tabs.attachments')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="overview">
              <Overview peripheral={data} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <PeripheralTimeline id={data.id} />
            </Tabs.Panel>
            <Tabs.Panel value="maintenance">
              <ItemMaintenance kind="peripheral" id={data.id} name={data.name} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="links">
              <LinksPanel entityType="peripheral" entityId={data.id} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="attachments">
              <AttachmentsPanel ownerType="peripheral" ownerId={data.id} canWrite={writer} />
            </Tabs.Panel>
          </Tabs>
        </>
      ) : null}
    </Page>
  );
}
