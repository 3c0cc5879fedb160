import {
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  MultiSelect,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { IconBooks, IconPlus, IconSearch, IconShieldCheck } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor, RouterButton } from '../../ui/RouterLinks';
import { ActiveBadge, ArchivedBadge, OriginBadge } from './ComplianceBadges';
import { FRAMEWORK_ORIGINS, type Framework, flattenPages, useFrameworks } from './complianceApi';
import { type FrameworkSearch, mergeFrameworkSearch } from './complianceSearch';
import { FrameworkFormModal } from './FrameworkFormModal';

const routeApi = getRouteApi('/_app/compliance/');

function FrameworkRow({ framework, number }: { framework: Framework; number: Intl.NumberFormat }) {
  return (
    <Table.Tr data-framework-id={framework.id}>
      <Table.Td>
        <Stack gap={2} align="flex-start">
          <RouterAnchor to="/compliance/frameworks/$id" params={{ id: framework.id }} size="sm" fw={500}>
            {framework.name}
          </RouterAnchor>
          {framework.archived_at ? <ArchivedBadge /> : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{framework.edition}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{framework.publisher}</Text>
      </Table.Td>
      <Table.Td>
        <OriginBadge origin={framework.origin} />
      </Table.Td>
      <Table.Td>
        <ActiveBadge active={framework.active} />
      </Table.Td>
      <Table.Td ta="end">{number.format(framework.controls)}</Table.Td>
      <Table.Td ta="end">{number.format(framework.applicable)}</Table.Td>
      <Table.Td ta="end">{number.format(framework.not_applicable)}</Table.Td>
    </Table.Tr>
  );
}

/** Compliance → Frameworks: the organisation's frameworks with their control counts and Statement of Applicability. */
export function FrameworksPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'compliance', 'write');
  const query = useFrameworks(search);
  const { items, total } = flattenPages(query.data?.pages);
  const [creating, setCreating] = useState(false);
  const update = (patch: Partial<FrameworkSearch>) => {
    void navigate({ search: (previous) => mergeFrameworkSearch(previous, patch), replace: true });
  };
  const fieldErrors: Partial<Record<keyof FrameworkSearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof FrameworkSearch] ??= fieldErrorMessage(error);
    }
  }
  const filtered = Boolean(search.q ?? search.origin?.length);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page
      title={t('compliance.frameworks.title')}
      description={t('compliance.frameworks.description')}
      actions={
        <Group gap="sm">
          <RouterButton to="/compliance/library" variant="default" leftSection={<IconBooks size={16} aria-hidden />}>
            {t('compliance.library.browse')}
          </RouterButton>
          {writer ? (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => {
                setCreating(true);
              }}
            >
              {t('compliance.frameworks.create.open')}
            </Button>
          ) : null}
        </Group>
      }
    >
      <Card withBorder padding="md" radius="md">
        <SimpleGrid
          cols={{ base: 1, sm: 3 }}
          spacing="sm"
          style={{ alignItems: 'end' }}
          component="section"
          aria-label={t('compliance.filters.label')}
        >
          <DebouncedTextInput
            label={t('compliance.filters.q')}
            placeholder={t('compliance.frameworks.qPlaceholder')}
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
            label={t('compliance.fields.origin')}
            placeholder={search.origin?.length ? undefined : t('compliance.filters.any')}
            data={FRAMEWORK_ORIGINS.map((origin) => ({ value: origin, label: t(`compliance.origins.${origin}`) }))}
            value={search.origin ?? []}
            onChange={(origin) => {
              update({ origin });
            }}
            clearable
            error={fieldErrors.origin}
          />
          <Switch
            label={t('compliance.filters.includeArchived')}
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
          icon={<IconShieldCheck size={32} aria-hidden />}
          title={filtered ? t('compliance.frameworks.empty.filteredTitle') : t('compliance.frameworks.empty.title')}
          description={filtered ? t('compliance.frameworks.empty.filteredBody') : t('compliance.frameworks.empty.body')}
        />
      ) : null}
      {items.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={900}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('compliance.frameworks.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('compliance.fields.name')}</Table.Th>
                  <Table.Th>{t('compliance.fields.edition')}</Table.Th>
                  <Table.Th>{t('compliance.fields.publisher')}</Table.Th>
                  <Table.Th>{t('compliance.fields.origin')}</Table.Th>
                  <Table.Th>{t('compliance.fields.active')}</Table.Th>
                  <Table.Th ta="end">{t('compliance.fields.controls')}</Table.Th>
                  <Table.Th ta="end">{t('compliance.applicability.applicable')}</Table.Th>
                  <Table.Th ta="end">{t('compliance.applicability.not_applicable')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((framework) => (
                  <FrameworkRow key={framework.id} framework={framework} number={number} />
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
                {t('compliance.frameworks.count', {
                  shown: number.format(items.length),
                  total: number.format(total),
                  count: total,
                })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('compliance.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
      {creating ? (
        <FrameworkFormModal
          opened
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Page>
  );
}
