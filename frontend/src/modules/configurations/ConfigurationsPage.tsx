import {
  Button,
  Card,
  Code,
  EmptyState,
  Group,
  Loader,
  MultiSelect,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { IconPlus, IconSearch, IconSettingsCode } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { AuditTime } from '../../ui/audit/AuditTime';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { TagBadges } from '../data/TagBadges';
import { ArchivedBadge, KindBadge } from './ConfigurationBadges';
import { ConfigurationFormModal } from './ConfigurationFormModal';
import { type ConfigurationSearch, mergeConfigurationSearch } from './configurationSearch';
import {
  CONFIGURATION_KINDS,
  CONFIGURATION_SORTS,
  type Configuration,
  DEFAULT_CONFIGURATION_SORT,
  flattenPages,
  useConfigurations,
} from './configurationsApi';

const routeApi = getRouteApi('/_app/assets/configurations');

function ConfigurationRow({ configuration }: { configuration: Configuration }) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-configuration-id={configuration.id}>
      <Table.Td>
        <Stack gap={2}>
          <RouterAnchor to="/assets/configurations/$id" params={{ id: configuration.id }} size="sm" fw={500}>
            {configuration.name}
          </RouterAnchor>
          {configuration.archived_at ? <ArchivedBadge /> : null}
          {configuration.tags.length > 0 ? <TagBadges tags={configuration.tags} /> : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <KindBadge kind={configuration.kind} />
      </Table.Td>
      <Table.Td>
        <Code aria-label={t('configurations.versionNumber', { number: configuration.current_version })}>
          v{configuration.current_version}
        </Code>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2}>
          {configuration.last_message}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{configuration.last_committed_by_name}</Text>
        <AuditTime value={configuration.last_committed_at} size="xs" c="dimmed" />
      </Table.Td>
    </Table.Tr>
  );
}

/** Assets → Configurations: configuration items (CMDB) with their current version and last commit. */
export function ConfigurationsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useConfigurations(search);
  const { items, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const update = (patch: Partial<ConfigurationSearch>) => {
    void navigate({ search: (previous) => mergeConfigurationSearch(previous, patch), replace: true });
  };
  const fieldErrors: Partial<Record<keyof ConfigurationSearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof ConfigurationSearch] ??= fieldErrorMessage(error);
    }
  }
  const filtered = Boolean(search.q ?? search.kind?.length);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page
      title={t('configurations.title')}
      description={t('configurations.description')}
      actions={
        writer ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setCreating(true);
            }}
          >
            {t('configurations.create.open')}
          </Button>
        ) : null
      }
    >
      <Card withBorder padding="md" radius="md">
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 4 }}
          spacing="sm"
          style={{ alignItems: 'end' }}
          component="section"
          aria-label={t('configurations.filters.label')}
        >
          <DebouncedTextInput
            label={t('configurations.filters.q')}
            placeholder={t('configurations.filters.qPlaceholder')}
            type="search"
            maxLength={200}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search.q ?? ''}
            onCommit={(q) => {
              update({ q });
            }}
            error={fieldErrors.q}
          />
          <MultiSelect
            label={t('configurations.fields.kind')}
            placeholder={search.kind?.length ? undefined : t('configurations.filters.any')}
            data={CONFIGURATION_KINDS.map((kind) => ({ value: kind, label: t(`configurations.kinds.${kind}`) }))}
            value={search.kind ?? []}
            onChange={(kind) => {
              update({ kind });
            }}
            clearable
            error={fieldErrors.kind}
          />
          <Select
            label={t('configurations.filters.sort')}
            data={CONFIGURATION_SORTS.map((sort) => ({ value: sort, label: t(`configurations.sort.${sort}`) }))}
            value={search.sort ?? DEFAULT_CONFIGURATION_SORT}
            onChange={(sort) => {
              if (sort) update({ sort });
            }}
            allowDeselect={false}
            error={fieldErrors.sort}
          />
          <Switch
            label={t('configurations.filters.includeArchived')}
            checked={search.include_archived ?? false}
            onChange={(event) => {
              update({ include_archived: event.currentTarget.checked });
            }}
            mb={8}
          />
        </SimpleGrid>
      </Card>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 3 }, (_, index) => (
            <Skeleton key={index} height={44} radius="sm" />
          ))}
        </Stack>
      ) : null}
      {query.data !== undefined && items.length === 0 ? (
        <EmptyState
          icon={<IconSettingsCode size={32} aria-hidden />}
          title={filtered ? t('configurations.empty.filteredTitle') : t('configurations.empty.title')}
          description={filtered ? t('configurations.empty.filteredBody') : t('configurations.empty.body')}
        />
      ) : null}
      {items.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={820}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('configurations.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('configurations.fields.name')}</Table.Th>
                  <Table.Th>{t('configurations.fields.kind')}</Table.Th>
                  <Table.Th>{t('configurations.fields.current_version')}</Table.Th>
                  <Table.Th>{t('configurations.fields.last_message')}</Table.Th>
                  <Table.Th>{t('configurations.fields.last_committed')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((configuration) => (
                  <ConfigurationRow key={configuration.id} configuration={configuration} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.isError ? (
            <QueryError
              error={query.error}
              onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())}
            />
          ) : null}
          <Group justify="space-between" align="center">
            <Group gap="xs">
              <Text size="sm" role="status">
                {t('configurations.count', { shown: number.format(items.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('configurations.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
      {creating ? (
        <ConfigurationFormModal
          opened
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Page>
  );
}
