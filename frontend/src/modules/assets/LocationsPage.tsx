import {
  ActionIcon,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Menu,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowBackUp, IconDots, IconMapPin, IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { ImportExportActions } from '../imports/ImportExportActions';
import { ArchivedBadge } from './AssetBadges';
import { type LocationSearch, mergeLocationSearch } from './assetSearch';
import {
  DEFAULT_LOCATION_SORT,
  flattenPages,
  type Location,
  LOCATION_SORTS,
  useArchiveLocation,
  useLocations,
} from './assetsApi';
import { LocationFormModal } from './LocationFormModal';

const routeApi = getRouteApi('/_app/assets/locations');

/** "Belgium" for BE in English, "Belgique" in French; the code itself when the browser has no name for it. */
function countryName(code: string, language: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function Address({ location }: { location: Location }) {
  const { i18n } = useTranslation();
  const street = [location.address_line1, location.address_line2].filter(Boolean).join(', ');
  const city = [location.postal_code, location.city].filter(Boolean).join(' ');
  const country = countryName(location.country, i18n.language);
  return (
    <Stack gap={0}>
      {street ? <Text size="sm">{street}</Text> : null}
      {city || country ? (
        <Text size="sm" c={street ? 'dimmed' : undefined}>
          {[city, country].filter(Boolean).join(', ')}
        </Text>
      ) : null}
    </Stack>
  );
}

type Editing = { kind: 'create' } | { kind: 'edit'; location: Location } | { kind: 'archive' | 'restore'; location: Location };

function LocationRow({
  location,
  writer,
  onAct,
}: {
  location: Location;
  writer: boolean;
  onAct: (editing: Editing) => void;
}) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const archived = Boolean(location.archived_at);
  return (
    <Table.Tr data-location-id={location.id}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {location.name}
        </Text>
        {archived ? <ArchivedBadge /> : null}
      </Table.Td>
      <Table.Td>
        <Address location={location} />
      </Table.Td>
      <Table.Td>
        <ReadableBadge color={location.physical ? 'blue' : 'violet'}>
          {location.physical ? t('assets.locations.physical') : t('assets.locations.virtual')}
        </ReadableBadge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{location.timezone.replaceAll('_', ' ')}</Text>
      </Table.Td>
      <Table.Td>
        <RouterAnchor
          to="/assets"
          search={{ location_id: location.id }}
          size="sm"
          aria-label={t('assets.locations.assetsAt', { count: location.asset_count, name: location.name })}
        >
          {number.format(location.asset_count)}
        </RouterAnchor>
      </Table.Td>
      {writer ? (
        <Table.Td>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('assets.locations.actionsFor', { name: location.name })}>
                <IconDots size={16} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {archived ? (
                <Menu.Item
                  leftSection={<IconArrowBackUp size={14} aria-hidden />}
                  onClick={() => {
                    onAct({ kind: 'restore', location });
                  }}
                >
                  {t('assets.actions.restore')}
                </Menu.Item>
              ) : (
                <>
                  <Menu.Item
                    leftSection={<IconPencil size={14} aria-hidden />}
                    onClick={() => {
                      onAct({ kind: 'edit', location });
                    }}
                  >
                    {t('assets.actions.edit')}
                  </Menu.Item>
                  <Menu.Item
                    color="red"
                    leftSection={<IconArchive size={14} aria-hidden />}
                    onClick={() => {
                      onAct({ kind: 'archive', location });
                    }}
                  >
                    {t('assets.actions.archive')}
                  </Menu.Item>
                </>
              )}
            </Menu.Dropdown>
          </Menu>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** Assets → Locations: sites, offices, data centres and virtual places where assets are. */
export function LocationsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const query = useLocations(search);
  const archive = useArchiveLocation();
  const { items: locations, total } = flattenPages(query.data?.pages);
  const [editing, setEditing] = useState<Editing | null>(null);

  const update = (patch: Partial<LocationSearch>) => {
    void navigate({ search: (previous) => mergeLocationSearch(previous, patch), replace: true });
  };
  const fieldErrors: Partial<Record<keyof LocationSearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof LocationSearch] ??= fieldErrorMessage(error);
    }
  }
  const filtered = Boolean(search.q ?? search.country ?? search.physical !== undefined);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);
  const close = () => {
    setEditing(null);
  };

  return (
    <Page
      title={t('assets.locations.title')}
      description={t('assets.locations.description')}
      actions={
        <Group gap="xs">
          <ImportExportActions entity="location" />
          {writer ? (
            <Button
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => {
                setEditing({ kind: 'create' });
              }}
            >
              {t('assets.locations.create.open')}
            </Button>
          ) : null}
        </Group>
      }
    >
      <Card withBorder padding="md" radius="md">
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 4 }}
          spacing="sm"
          style={{ alignItems: 'end' }}
          component="section"
          aria-label={t('assets.locations.filters.label')}
        >
          <DebouncedTextInput
            label={t('assets.filters.q')}
            placeholder={t('assets.locations.filters.qPlaceholder')}
            type="search"
            maxLength={200}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search.q ?? ''}
            onCommit={(q) => {
              update({ q });
            }}
            error={fieldErrors.q}
          />
          <DebouncedTextInput
            label={t('assets.locations.fields.country')}
            placeholder="BE"
            maxLength={2}
            value={search.country ?? ''}
            validate={(value) => (value === '' || /^[A-Za-z]{2}$/.test(value) ? undefined : t('validation.country'))}
            onCommit={(country) => {
              update({ country: country.toUpperCase() });
            }}
            styles={{ input: { textTransform: 'uppercase' } }}
            error={fieldErrors.country}
          />
          <Select
            label={t('assets.locations.filters.kind')}
            placeholder={t('assets.filters.any')}
            data={[
              { value: 'true', label: t('assets.locations.physical') },
              { value: 'false', label: t('assets.locations.virtual') },
            ]}
            value={search.physical === undefined ? null : String(search.physical)}
            onChange={(value) => {
              update({ physical: value === null ? undefined : value === 'true' });
            }}
            clearable
            clearButtonProps={{ 'aria-label': t('assets.locations.filters.clearKind') }}
            error={fieldErrors.physical}
          />
          <Select
            label={t('assets.locations.filters.sort')}
            data={LOCATION_SORTS.map((sort) => ({ value: sort, label: t(`assets.locations.sort.${sort}`) }))}
            value={search.sort ?? DEFAULT_LOCATION_SORT}
            onChange={(sort) => {
              if (sort) update({ sort });
            }}
            allowDeselect={false}
            error={fieldErrors.sort}
          />
          <Switch
            label={t('assets.locations.filters.includeArchived')}
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

      {query.data !== undefined && locations.length === 0 ? (
        <EmptyState
          icon={<IconMapPin size={32} aria-hidden />}
          title={filtered ? t('assets.locations.empty.filteredTitle') : t('assets.locations.empty.title')}
          description={filtered ? t('assets.empty.filteredBody') : t('assets.locations.empty.body')}
        />
      ) : null}

      {locations.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={820}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('assets.locations.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assets.locations.fields.name')}</Table.Th>
                  <Table.Th>{t('assets.locations.form.address')}</Table.Th>
                  <Table.Th>{t('assets.locations.filters.kind')}</Table.Th>
                  <Table.Th>{t('assets.locations.fields.timezone')}</Table.Th>
                  <Table.Th>{t('assets.locations.fields.asset_count')}</Table.Th>
                  {writer ? (
                    <Table.Th>
                      <VisuallyHidden>{t('assets.locations.actionsColumn')}</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {locations.map((location) => (
                  <LocationRow key={location.id} location={location} writer={writer} onAct={setEditing} />
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
                {t('assets.locations.count', {
                  shown: number.format(locations.length),
                  total: number.format(total),
                  count: total,
                })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('assets.list.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      {editing?.kind === 'create' ? <LocationFormModal opened onClose={close} /> : null}
      {editing?.kind === 'edit' ? <LocationFormModal opened location={editing.location} onClose={close} /> : null}
      <ConfirmModal
        opened={editing?.kind === 'archive' || editing?.kind === 'restore'}
        title={
          editing?.kind === 'restore'
            ? t('assets.locations.restore.title', { name: editing.location.name })
            : t('assets.locations.archive.title', { name: editing && 'location' in editing ? editing.location.name : '' })
        }
        confirmLabel={editing?.kind === 'restore' ? t('assets.restore.confirm') : t('assets.archive.confirm')}
        danger={editing?.kind === 'archive'}
        onClose={close}
        onConfirm={async () => {
          if (!editing || !('location' in editing)) return;
          const restoring = editing.kind === 'restore';
          await archive.mutateAsync({ id: editing.location.id, archived: !restoring });
          notifications.show({
            color: 'green',
            message: restoring
              ? t('assets.restore.done', { name: editing.location.name })
              : t('assets.archive.done', { name: editing.location.name }),
          });
        }}
      >
        {editing?.kind === 'restore' ? t('assets.locations.restore.body') : t('assets.locations.archive.body')}
      </ConfirmModal>
    </Page>
  );
}
