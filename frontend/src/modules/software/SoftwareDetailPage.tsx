import { Alert, Anchor, Button, Card, Group, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowLeft, IconHistory, IconInfoCircle, IconLicense, IconLink, IconLock, IconPaperclip, IconPlus } from '@tabler/icons-react';
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
import { flattenPages } from '../assets/assetsApi';
import { Details, Item, LongText, None, Section } from '../assets/DetailParts';
import { ListFooter, ListSkeleton } from '../assets/ListParts';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { CustomFieldValues } from '../data/CustomFieldValues';
import { LinksPanel } from '../data/LinksPanel';
import { TagBadges } from '../data/TagBadges';
import { History, RecordActions } from './DetailParts';
import { CreateLicenceModal } from './LicenceFormModal';
import { EditSoftwareModal } from './SoftwareFormModal';
import { ArchivedBadge } from './SoftwareParts';
import { type Software, softwareQueryOptions, useArchiveSoftware, useLicences } from './softwareApi';
import type { SoftwareTab } from './softwareSearch';
import { LicencesTable } from './SoftwareTables';

const routeApi = getRouteApi('/_app/assets/software/$id');

function Overview({ software }: { software: Software }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Section id="software-details" title={t('software.detail.details')}>
        <Details>
          <Item label={t('software.fields.publisher')}>{software.publisher || <None />}</Item>
          <Item label={t('software.fields.category')}>{t(`software.category.${software.category}`)}</Item>
          <Item label={t('software.fields.owner_user')}>{software.owner_user_name ?? <None />}</Item>
          <Item label={t('software.fields.owner_group')}>{software.owner_group_name ?? <None />}</Item>
          <Item label={t('software.fields.supplier_name')}>{software.supplier_name || <None />}</Item>
          <Item label={t('software.fields.website')}>
            {software.website ? (
              <Anchor href={software.website} target="_blank" rel="noopener noreferrer" size="sm">
                {software.website}
              </Anchor>
            ) : (
              <None />
            )}
          </Item>
          <Item label={t('software.fields.licence_count')}>{software.licence_count}</Item>
          <Item label={t('software.fields.tags')}>{software.tags.length > 0 ? <TagBadges tags={software.tags} /> : <None />}</Item>
          <Item label={t('software.fields.notes')}>
            <LongText value={software.notes} />
          </Item>
        </Details>
      </Section>
      <Section id="software-custom-fields" title={t('software.detail.customFields')}>
        <CustomFieldValues entityType="software" values={software.custom_fields} />
      </Section>
      <Text size="xs" c="dimmed">
        {t('software.detail.created')} <AuditTime value={software.created_at} size="xs" span /> · {t('software.detail.updated')}{' '}
        <AuditTime value={software.updated_at} size="xs" span />
      </Text>
    </Stack>
  );
}

function SoftwareLicences({ software, canWrite }: { software: Software; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const query = useLicences({ software_id: software.id, include_archived: true });
  const { items, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Stack gap="sm">
      {canWrite && !software.archived_at ? (
        <Group>
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            variant="default"
            onClick={() => {
              setCreating(true);
            }}
          >
            {t('software.licences.create')}
          </Button>
        </Group>
      ) : null}
      {query.isPending ? <ListSkeleton rows={3} /> : null}
      {query.isError && query.data === undefined ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('software.detail.noLicences')}
        </Text>
      ) : null}
      {items.length > 0 ? (
        <>
          <LicencesTable items={items} withSoftware={false} />
          <ListFooter
            query={query}
            count={t('software.licences.count', { shown: number.format(items.length), total: number.format(total), count: total })}
          />
        </>
      ) : null}
      {canWrite ? (
        <CreateLicenceModal
          opened={creating}
          softwareId={software.id}
          softwareName={software.name}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Stack>
  );
}

type Dialog = 'edit' | 'archive' | 'restore' | null;

function Actions({ software, reload }: { software: Versioned<Software>; reload: () => Promise<Versioned<Software> | undefined> }) {
  const { t } = useTranslation();
  const data = software.data;
  const archive = useArchiveSoftware(data.id);
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
      {dialog === 'edit' ? <EditSoftwareModal opened software={software} reload={reload} onClose={close} /> : null}
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
        {dialog === 'restore' ? t('software.restore.body') : t('software.archive.softwareBody')}
      </ConfirmModal>
    </>
  );
}

/** Software → one product: details, its licences, history, links and attachments. */
export function SoftwareDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useQuery(softwareQueryOptions(id));
  const data = query.data?.data;
  const tab: SoftwareTab = search.tab ?? 'overview';
  return (
    <Page
      title={data ? data.name : t('software.detail.title')}
      actions={
        <RouterButton variant="subtle" to="/assets/software" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('software.detail.back')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && data ? (
        <>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t(`software.category.${data.category}`)}
            </Text>
            {data.archived_at ? <ArchivedBadge /> : null}
          </Group>
          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('software.actions.label')}>
              <Actions software={query.data} reload={async () => (await query.refetch()).data} />
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
              const next = (value ?? 'overview') as SoftwareTab;
              void navigate({ search: next === 'overview' ? {} : { tab: next }, replace: true });
            }}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="overview" leftSection={<IconInfoCircle size={16} aria-hidden />}>
                {t('software.tabs.overview')}
              </Tabs.Tab>
              <Tabs.Tab value="licences" leftSection={<IconLicense size={16} aria-hidden />}>
                {t('software.tabs.licences')}
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
              <Overview software={data} />
            </Tabs.Panel>
            <Tabs.Panel value="licences">
              <SoftwareLicences software={data} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <History entityType="software" entityId={data.id} />
            </Tabs.Panel>
            <Tabs.Panel value="links">
              <LinksPanel entityType="software" entityId={data.id} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="attachments">
              <AttachmentsPanel ownerType="software" ownerId={data.id} canWrite={writer} />
            </Tabs.Panel>
          </Tabs>
        </>
      ) : null}
    </Page>
  );
}
