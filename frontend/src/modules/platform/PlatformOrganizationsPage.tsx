import {
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconBuildingPlus,
  IconFilterOff,
  IconSearch,
  IconUserPlus,
} from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MODULES } from '../../app/modules';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import { formatDate } from '../../lib/intl';
import { useMe } from '../../lib/me';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { AddAdministratorDialog } from './AddAdministratorDialog';
import { CreateOrganizationDialog } from './CreateOrganizationDialog';
import {
  columnSort,
  DEFAULT_ORGANIZATION_SORT,
  hasOrganizationFilters,
  mergeOrganizationsSearch,
  type Organization,
  ORGANIZATION_KINDS,
  type OrganizationKind,
  type OrganizationSort,
  type OrganizationsSearch,
  usePlatformOrganizations,
} from './organizations';
import { canPlatform } from './platformAccess';

const routeApi = getRouteApi('/_app/platform/organizations');

const KIND_COLORS: Record<OrganizationKind, string> = { operator: 'blue', regulator: 'grape', observer: 'gray' };

/** "Belgium" for BE in English, "Belgique" in French; the code itself when the browser has no name for it. */
function countryName(code: string, language: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A column header that sorts the list by its column; screen readers hear the current order through aria-sort. */
function SortableHeader({
  column,
  sort,
  onSort,
  children,
}: {
  column: 'name' | 'slug' | 'created_at';
  sort: OrganizationSort;
  onSort: (sort: OrganizationSort) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { direction, next } = columnSort(sort, column);
  const Icon = direction === 'ascending' ? IconArrowUp : direction === 'descending' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th aria-sort={direction}>
      <UnstyledButton
        onClick={() => {
          onSort(next);
        }}
        fw={700}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap">
          {children}
          <Icon size={14} aria-hidden style={{ opacity: direction === 'none' ? 0.4 : 1 }} />
          <VisuallyHidden>
            {next.startsWith('-') ? t('platformAdmin.list.sortDescending') : t('platformAdmin.list.sortAscending')}
          </VisuallyHidden>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function OrganizationRow({
  organization,
  canAdminister,
  onAddAdministrator,
}: {
  organization: Organization;
  canAdminister: boolean;
  onAddAdministrator: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr data-organization-id={organization.id}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {organization.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {organization.slug}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={KIND_COLORS[organization.kind]}>
          {t(`header.kind.${organization.kind}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {organization.identifier}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={organization.country || undefined}>
          {countryName(organization.country, i18n.language) || '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {t('platformAdmin.list.modulesCount', {
            enabled: organization.enabled_modules.length,
            total: MODULES.length,
          })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text component="time" size="sm" dateTime={organization.created_at} style={{ whiteSpace: 'nowrap' }}>
          {formatDate(organization.created_at, i18n.language)}
        </Text>
      </Table.Td>
      {canAdminister ? (
        <Table.Td>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconUserPlus size={14} aria-hidden />}
            aria-label={t('platformAdmin.administrator.openFor', { organization: organization.name })}
            onClick={onAddAdministrator}
            style={{ whiteSpace: 'nowrap' }}
          >
            {t('platformAdmin.administrator.open')}
          </Button>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function LoadingRows() {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: 6 }, (_, index) => (
        <Skeleton key={index} height={36} radius="sm" />
      ))}
    </Stack>
  );
}

/**
 * Platform → Organisations: every organisation of the deployment (profiles only, never business data), filtered,
 * sorted and paged by the server, with its filters in the address; platform administrators create organisations and
 * give each its first administrator.
 */
export function PlatformOrganizationsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const canAdminister = canPlatform(me.data, 'admin');
  const query = usePlatformOrganizations(search);
  const organizations = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  const total = query.data?.pages.at(-1)?.total ?? 0;
  const [creating, setCreating] = useState(false);
  const [administering, setAdministering] = useState<Organization | null>(null);
  const sort = search.sort ?? DEFAULT_ORGANIZATION_SORT;

  const update = (patch: Partial<OrganizationsSearch>) => {
    void navigate({ search: (previous) => mergeOrganizationsSearch(previous, patch), replace: true });
  };
  const clearFilters = () => {
    void navigate({ search: search.sort ? { sort: search.sort } : {}, replace: true });
  };

  // A 400 names the parameter it refused: show it on that filter.
  const fieldErrors = useMemo(() => {
    const errors: Partial<Record<keyof OrganizationsSearch, string>> = {};
    if (!query.isError) return errors;
    for (const error of toApiError(query.error).errors) {
      const field = normalizeFieldPath(error.field) as keyof OrganizationsSearch;
      errors[field] ??= fieldErrorMessage(error);
    }
    return errors;
  }, [query.isError, query.error]);

  const filtered = hasOrganizationFilters(search);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page
      title={t('platformAdmin.title')}
      description={t('platformAdmin.description')}
      actions={
        canAdminister ? (
          <Button
            leftSection={<IconBuildingPlus size={16} aria-hidden />}
            onClick={() => {
              setCreating(true);
            }}
          >
            {t('platformAdmin.create.open')}
          </Button>
        ) : null
      }
    >
      <Card withBorder padding="md" radius="md">
        <Stack gap="sm" component="section" aria-label={t('platformAdmin.filters.label')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <DebouncedTextInput
              label={t('platformAdmin.filters.q')}
              placeholder={t('platformAdmin.filters.qPlaceholder')}
              type="search"
              maxLength={200}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={search.q ?? ''}
              onCommit={(q) => {
                update({ q });
              }}
              error={fieldErrors.q}
            />
            <Select
              label={t('platformAdmin.filters.kind')}
              placeholder={t('platformAdmin.filters.anyKind')}
              data={ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: t(`header.kind.${kind}`) }))}
              value={search.kind ?? null}
              onChange={(kind) => {
                update({ kind: kind ?? undefined });
              }}
              clearable
              clearButtonProps={{ 'aria-label': t('platformAdmin.filters.clearKind') }}
              error={fieldErrors.kind}
            />
          </SimpleGrid>
          {filtered ? (
            <Group>
              <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={clearFilters}>
                {t('platformAdmin.filters.clear')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Card>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}

      {query.isPending ? <LoadingRows /> : null}

      {query.data !== undefined && organizations.length === 0 ? (
        <EmptyState
          icon={<IconSearch size={32} aria-hidden />}
          title={filtered ? t('platformAdmin.empty.filteredTitle') : t('platformAdmin.empty.title')}
          description={filtered ? t('platformAdmin.empty.filteredBody') : t('platformAdmin.empty.body')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clearFilters}>
                {t('platformAdmin.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : canAdminister ? (
            <EmptyState.Actions>
              <Button
                variant="default"
                leftSection={<IconBuildingPlus size={16} aria-hidden />}
                onClick={() => {
                  setCreating(true);
                }}
              >
                {t('platformAdmin.create.open')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {organizations.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={900}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('platformAdmin.list.label')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <SortableHeader column="name" sort={sort} onSort={(next) => { update({ sort: next }); }}>
                    {t('platformAdmin.fields.name')}
                  </SortableHeader>
                  <SortableHeader column="slug" sort={sort} onSort={(next) => { update({ sort: next }); }}>
                    {t('platformAdmin.fields.slug')}
                  </SortableHeader>
                  <Table.Th>{t('platformAdmin.fields.kind')}</Table.Th>
                  <Table.Th>{t('platformAdmin.fields.identifier')}</Table.Th>
                  <Table.Th>{t('platformAdmin.fields.country')}</Table.Th>
                  <Table.Th>{t('platformAdmin.fields.modules')}</Table.Th>
                  <SortableHeader column="created_at" sort={sort} onSort={(next) => { update({ sort: next }); }}>
                    {t('platformAdmin.fields.createdAt')}
                  </SortableHeader>
                  {canAdminister ? (
                    <Table.Th>
                      <VisuallyHidden>{t('platformAdmin.list.actions')}</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {organizations.map((organization) => (
                  <OrganizationRow
                    key={organization.id}
                    organization={organization}
                    canAdminister={canAdminister}
                    onAddAdministrator={() => {
                      setAdministering(organization);
                    }}
                  />
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
                {t('platformAdmin.list.count', {
                  shown: number.format(organizations.length),
                  total: number.format(total),
                  count: total,
                })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('platformAdmin.list.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      {canAdminister ? (
        <>
          <CreateOrganizationDialog
            opened={creating}
            onClose={() => {
              setCreating(false);
            }}
            onCreated={(organization) => {
              setCreating(false);
              // The next step of setting up an organisation: its first administrator.
              setAdministering(organization);
            }}
          />
          <AddAdministratorDialog
            organization={administering}
            onClose={() => {
              setAdministering(null);
            }}
          />
        </>
      ) : null}
    </Page>
  );
}
