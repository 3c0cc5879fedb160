import { Alert, Card, Group, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowLeft, IconHistory, IconInfoCircle, IconLink, IconLock, IconPaperclip, IconUsers } from '@tabler/icons-react';
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
import { Day } from '../assets/AssetBadges';
import { formatMoney } from '../assets/assetFormat';
import { Details, Item, LongText, None, Section } from '../assets/DetailParts';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { CustomFieldValues } from '../data/CustomFieldValues';
import { LinksPanel } from '../data/LinksPanel';
import { TagBadges } from '../data/TagBadges';
import { History, RecordActions } from './DetailParts';
import { EditLicenceModal } from './LicenceFormModal';
import { LicenceSeats } from './LicenceSeats';
import { RevealKey } from './RevealKey';
import { ArchivedBadge, Expiry, LicenceStatusBadge, SeatsUsage } from './SoftwareParts';
import { type Licence, licenceQueryOptions, useArchiveLicence } from './softwareApi';
import type { LicenceTab } from './softwareSearch';

const routeApi = getRouteApi('/_app/assets/licences/$id');

function Overview({ licence, canWrite }: { licence: Licence; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="md">
      <Section id="licence-details" title={t('software.detail.details')}>
        <Details>
          <Item label={t('software.fields.software')}>
            <RouterAnchor to="/assets/software/$id" params={{ id: licence.software_id }} size="sm">
              {licence.software_name}
            </RouterAnchor>
          </Item>
          <Item label={t('software.fields.status')}>
            <LicenceStatusBadge status={licence.status} />
          </Item>
          <Item label={t('software.fields.seats')}>
            <SeatsUsage licence={licence} />
          </Item>
          <Item label={t('software.fields.expires_on')}>
            <Expiry value={licence.expires_on} />
          </Item>
          <Item label={t('software.fields.licence_key')}>
            <RevealKey licence={licence} canReveal={canWrite} />
          </Item>
          <Item label={t('software.fields.tags')}>{licence.tags.length > 0 ? <TagBadges tags={licence.tags} /> : <None />}</Item>
          <Item label={t('software.fields.notes')}>
            <LongText value={licence.notes} />
          </Item>
        </Details>
      </Section>
      <Section id="licence-purchase" title={t('software.form.purchase')}>
        <Details>
          <Item label={t('software.fields.purchase_date')}>
            <Day value={licence.purchase_date} />
          </Item>
          <Item label={t('software.fields.cost')}>
            {licence.cost ? formatMoney(licence.cost, licence.currency, i18n.language) : <None />}
          </Item>
          <Item label={t('software.fields.supplier_name')}>{licence.supplier_name || <None />}</Item>
        </Details>
      </Section>
      <Section id="licence-custom-fields" title={t('software.detail.customFields')}>
        <CustomFieldValues entityType="licence" values={licence.custom_fields} />
      </Section>
      <Text size="xs" c="dimmed">
        {t('software.detail.created')} <AuditTime value={licence.created_at} size="xs" span /> · {t('software.detail.updated')}{' '}
        <AuditTime value={licence.updated_at} size="xs" span />
      </Text>
    </Stack>
  );
}

type Dialog = 'edit' | 'archive' | 'restore' | null;

function Actions({ licence, reload }: { licence: Versioned<Licence>; reload: () => Promise<Versioned<Licence> | undefined> }) {
  const { t } = useTranslation();
  const data = licence.data;
  const archive = useArchiveLicence(data.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => {
    setDialog(null);
  };
  return (
    <>
      <RecordActions
        archived={Boolean(data.archived_at)}
        onEdit={() => {
          setDialog('edit');
        }}
        onArchive={() => {
          setDialog('archive');
        }}
        onRestore={() => {
          setDialog('restore');
        }}
      />
      {dialog === 'edit' ? <EditLicenceModal opened licence={licence} reload={reload} onClose={close} /> : null}
      <ConfirmModal
        opened={dialog === 'archive' || dialog === 'restore'}
        title={dialog === 'restore' ? t('software.restore.title', { name: data.name }) : t('software.archive.title', { name: data.name })}
        confirmLabel={dialog === 'restore' ? t('software.actions.restore') : t('software.actions.archive')}
        danger={dialog === 'archive'}
        onClose={close}
        onConfirm={async () => {
          const restoring = dialog === 'restore';
          await archive.mutateAsync({ archived: !restoring });
          notifications.show({
            color: 'green',
            message: restoring ? t('software.restore.done', { name: data.name }) : t('software.archive.done', { name: data.name }),
          });
        }}
      >
        {dialog === 'restore' ? t('software.restore.body') : t('software.archive.licenceBody')}
      </ConfirmModal>
    </>
  );
}

/** Licences → one licence: status, key (reveal), seats, history, links and attachments. */
export function LicenceDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useQuery(licenceQueryOptions(id));
  const data = query.data?.data;
  const tab: LicenceTab = search.tab ?? 'overview';
  const reload = async () => (await query.refetch()).data;
  return (
    <Page
      title={data ? data.name : t('software.licences.detailTitle')}
      actions={
        <RouterButton variant="subtle" to="/assets/licences" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('software.licences.back')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && data ? (
        <>
          <Group gap="xs">
            <LicenceStatusBadge status={data.status} />
            <Text size="sm" c="dimmed">
              {data.software_name}
            </Text>
            {data.archived_at ? <ArchivedBadge /> : null}
          </Group>
          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('software.actions.label')}>
              <Actions licence={query.data} reload={reload} />
            </Card>
          ) : (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
              {t('software.detail.viewOnly')}
            </Alert>
          )}
          {data.archived_at ? (
            <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
              {t('software.detail.archivedNotice')}
            </Alert>
          ) : null}
          <Tabs
            value={tab}
            keepMounted={false}
            onChange={(value) => {
              const next = (value ?? 'overview') as LicenceTab;
              void navigate({ search: next === 'overview' ? {} : { tab: next }, replace: true });
            }}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="overview" leftSection={<IconInfoCircle size={16} aria-hidden />}>
                {t('software.tabs.overview')}
              </Tabs.Tab>
              <Tabs.Tab value="seats" leftSection={<IconUsers size={16} aria-hidden />}>
                {t('software.tabs.seats')}
              </Tabs.Tab>
              <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
                {t('software.tabs.history')}
              </Tabs.Tab>
              <Tabs.Tab value="links" leftSection={<IconLink size={16} aria-hidden />}>
                {t('software.tabs.links')}
              </Tabs.Tab>
              <Tabs.Tab value="attachments" leftSection={<IconPaperclip size={16} aria-hidden />}>
                {t('software.tabs.attachments')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="overview">
              <Overview licence={data} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="seats">
              <LicenceSeats licence={query.data} canWrite={writer} reload={reload} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <History entityType="licence" entityId={data.id} />
            </Tabs.Panel>
            <Tabs.Panel value="links">
              <LinksPanel entityType="licence" entityId={data.id} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="attachments">
              <AttachmentsPanel ownerType="licence" ownerId={data.id} canWrite={writer} />
            </Tabs.Panel>
          </Tabs>
        </>
      ) : null}
    </Page>
  );
}
