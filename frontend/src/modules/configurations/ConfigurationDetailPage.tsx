import { Alert, Button, Card, Code, DataList, Group, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArrowBackUp,
  IconArrowLeft,
  IconFileCode,
  IconGitCommit,
  IconGitCompare,
  IconHistory,
  IconLink,
  IconLock,
  IconPaperclip,
  IconPencil,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Versioned } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { AuditTime } from '../../ui/audit/AuditTime';
import { EntityHistory } from '../../ui/audit/EntityHistory';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterButton } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { Item, None, Section } from '../assets/DetailParts';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { LinksPanel } from '../data/LinksPanel';
import { TagBadges } from '../data/TagBadges';
import { CommitModal } from './CommitModal';
import { ArchivedBadge, KindBadge } from './ConfigurationBadges';
import { ConfigurationCompare } from './ConfigurationCompare';
import { ConfigurationFormModal } from './ConfigurationFormModal';
import type { ConfigurationTab } from './configurationSearch';
import { type Configuration, configurationQueryOptions, useArchiveConfiguration } from './configurationsApi';
import { ConfigurationVersions } from './ConfigurationVersions';
import { prettyJson } from './documentJson';

const routeApi = getRouteApi('/_app/assets/configurations/$id');

type Dialog = 'commit' | 'edit' | 'archive' | 'restore' | null;

function Actions({
  configuration,
  reload,
}: {
  configuration: Versioned<Configuration>;
  reload: () => Promise<Versioned<Configuration> | undefined>;
}) {
  const { t } = useTranslation();
  const data = configuration.data;
  const archive = useArchiveConfiguration(data.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => {
    setDialog(null);
  };
  const archived = Boolean(data.archived_at);
  return (
    <>
      <Group gap="sm">
        {!archived ? (
          <Button
            leftSection={<IconGitCommit size={16} aria-hidden />}
            onClick={() => {
              setDialog('commit');
            }}
          >
            {t('configurations.commit.open')}
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
            {t('configurations.edit.open')}
          </Button>
        ) : null}
        {archived ? (
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} aria-hidden />}
            onClick={() => {
              setDialog('restore');
            }}
          >
            {t('configurations.restore.open')}
          </Button>
        ) : (
          <Button
            variant="default"
            leftSection={<IconArchive size={16} color="var(--mantine-color-red-filled)" aria-hidden />}
            onClick={() => {
              setDialog('archive');
            }}
          >
            {t('configurations.archive.open')}
          </Button>
        )}
      </Group>
      {dialog === 'commit' ? (
        <CommitModal opened configuration={data} reload={async () => (await reload())?.data} onClose={close} />
      ) : null}
      {dialog === 'edit' ? <ConfigurationFormModal opened configuration={configuration} onClose={close} /> : null}
      <ConfirmModal
        opened={dialog === 'archive' || dialog === 'restore'}
        title={
          dialog === 'restore'
            ? t('configurations.restore.title', { name: data.name })
            : t('configurations.archive.title', { name: data.name })
        }
        confirmLabel={dialog === 'restore' ? t('configurations.restore.confirm') : t('configurations.archive.confirm')}
        danger={dialog === 'archive'}
        onClose={close}
        onConfirm={async () => {
          const restoring = dialog === 'restore';
          await archive.mutateAsync(!restoring);
          notifications.show({
            color: 'green',
            message: restoring
              ? t('configurations.restore.done', { name: data.name })
              : t('configurations.archive.done', { name: data.name }),
          });
        }}
      >
        {dialog === 'restore' ? t('configurations.restore.body') : t('configurations.archive.body')}
      </ConfirmModal>
    </>
  );
}

function DocumentTab({ configuration }: { configuration: Configuration }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Section id="configuration-details" title={t('configurations.detail.details')}>
        <DataList size="sm" gap="xs" labelWidth="12rem" withDivider>
          <Item label={t('configurations.fields.kind')}>
            <KindBadge kind={configuration.kind} />
          </Item>
          <Item label={t('configurations.fields.description')}>
            {configuration.description ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {configuration.description}
              </Text>
            ) : (
              <None />
            )}
          </Item>
          <Item label={t('configurations.fields.tags')}>
            {configuration.tags.length > 0 ? <TagBadges tags={configuration.tags} /> : <None />}
          </Item>
          <Item label={t('configurations.fields.current_version')}>
            <Code>v{configuration.current_version}</Code>
          </Item>
          <Item label={t('configurations.fields.last_message')}>{configuration.last_message}</Item>
          <Item label={t('configurations.fields.last_committed')}>
            <Text size="sm" span>
              {configuration.last_committed_by_name}
            </Text>{' '}
            · <AuditTime value={configuration.last_committed_at} size="sm" span />
          </Item>
        </DataList>
      </Section>
      <Section id="configuration-document" title={t('configurations.detail.document', { number: configuration.current_version })}>
        <Code block aria-labelledby="configuration-document" data-testid="configuration-document" style={{ maxHeight: '60vh', overflow: 'auto' }}>
          {prettyJson(configuration.document)}
        </Code>
      </Section>
    </Stack>
  );
}

/** Assets → one configuration: its current document, its commits, a comparison of two versions, links and history. */
export function ConfigurationDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useQuery(configurationQueryOptions(id));
  const data = query.data?.data;
  const tab: ConfigurationTab = search.tab ?? 'document';

  return (
    <Page
      title={data ? data.name : t('configurations.detail.title')}
      actions={
        <RouterButton variant="subtle" to="/assets/configurations" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('configurations.detail.back')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && data ? (
        <>
          <Group gap="xs">
            <KindBadge kind={data.kind} />
            <Code>v{data.current_version}</Code>
            {data.archived_at ? <ArchivedBadge /> : null}
          </Group>
          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('configurations.detail.actions')}>
              <Actions configuration={query.data} reload={async () => (await query.refetch()).data} />
            </Card>
          ) : (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
              {t('configurations.detail.viewOnly')}
            </Alert>
          )}
          {data.archived_at ? (
            <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
              {t('configurations.detail.archivedNotice')}
            </Alert>
          ) : null}
          <Tabs
            value={tab}
            keepMounted={false}
            onChange={(value) => {
              const next = (value ?? 'document') as ConfigurationTab;
              void navigate({ search: next === 'document' ? {} : { tab: next }, replace: true });
            }}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="document" leftSection={<IconFileCode size={16} aria-hidden />}>
                {t('configurations.tabs.document')}
              </Tabs.Tab>
              <Tabs.Tab value="versions" leftSection={<IconGitCommit size={16} aria-hidden />}>
                {t('configurations.tabs.versions')}
              </Tabs.Tab>
              <Tabs.Tab value="compare" leftSection={<IconGitCompare size={16} aria-hidden />}>
                {t('configurations.tabs.compare')}
              </Tabs.Tab>
              <Tabs.Tab value="links" leftSection={<IconLink size={16} aria-hidden />}>
                {t('configurations.tabs.links')}
              </Tabs.Tab>
              <Tabs.Tab value="attachments" leftSection={<IconPaperclip size={16} aria-hidden />}>
                {t('configurations.tabs.attachments')}
              </Tabs.Tab>
              <Tabs.Tab value="history" leftSection={<IconHistory size={16} aria-hidden />}>
                {t('configurations.tabs.history')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="document">
              <DocumentTab configuration={data} />
            </Tabs.Panel>
            <Tabs.Panel value="versions">
              <ConfigurationVersions configurationId={data.id} />
            </Tabs.Panel>
            <Tabs.Panel value="compare">
              <ConfigurationCompare
                configuration={data}
                from={search.from}
                to={search.to}
                onChange={(range) => {
                  void navigate({ search: { tab: 'compare', ...range }, replace: true });
                }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="links">
              <LinksPanel entityType="configuration" entityId={data.id} canWrite={writer && !data.archived_at} />
            </Tabs.Panel>
            <Tabs.Panel value="attachments">
              <AttachmentsPanel ownerType="configuration" ownerId={data.id} canWrite={writer} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <EntityHistory entityType="configuration" entityId={data.id} />
            </Tabs.Panel>
          </Tabs>
        </>
      ) : null}
    </Page>
  );
}
