import {
  ActionIcon,
  Badge,
  Button,
  Card,
  EmptyState,
  Group as MantineGroup,
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
import {
  IconArchive,
  IconDotsVertical,
  IconFilterOff,
  IconPencil,
  IconPlus,
  IconSearch,
  IconUserShield,
  IconUsersGroup,
} from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client, fieldErrorMessage, normalizeFieldPath, toApiError, unwrap } from '../../../lib/api';
import { can, useMe } from '../../../lib/me';
import { DebouncedTextInput } from '../../../ui/DebouncedTextInput';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { DEFAULT_GROUP_SORT, flattenPages, type Group, GROUP_SORTS, useGroups, useInvalidateAccess } from './accessApi';
import { type GroupSearch, mergeGroupSearch } from './accessSearch';
import { ConfirmModal } from './ConfirmModal';
import { type GroupEditor, GroupFormModal, GroupSelectionModal } from './GroupDialogs';

const routeApi = getRouteApi('/_app/administration/groups');

type Editing =
  | { kind: 'details'; group: Group }
  | { kind: GroupEditor; group: Group }
  | { kind: 'archive'; group: Group };

function GroupRow({ group, admin, onEdit }: { group: Group; admin: boolean; onEdit: (editing: Editing) => void }) {
  const { t } = useTranslation();
  const archived = group.archived_at !== null;
  return (
    <Table.Tr data-group-id={group.id}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {group.name}
        </Text>
        {group.description ? (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {group.description}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {group.roles.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('groups.noRoles')}
          </Text>
        ) : (
          <MantineGroup gap={4}>
            {group.roles.map((role) => (
              <Badge key={role.id} variant="default" size="sm" tt="none">
                {role.name}
              </Badge>
            ))}
          </MantineGroup>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t('groups.memberCount', { count: group.member_ids.length })}</Text>
      </Table.Td>
      <Table.Td>
        {archived ? (
          <Badge variant="light" color="gray" tt="none">
            {t('groups.archived')}
          </Badge>
        ) : (
          <Badge variant="dot" color="green" tt="none">
            {t('groups.active')}
          </Badge>
        )}
      </Table.Td>
      {admin ? (
        <Table.Td>
          {archived ? null : (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={t('groups.actions.menu', { name: group.name })}>
                  <IconDotsVertical size={18} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item
                  leftSection={<IconPencil size={16} aria-hidden />}
                  onClick={() => {
                    onEdit({ kind: 'details', group });
                  }}
                >
                  {t('groups.actions.edit')}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconUsersGroup size={16} aria-hidden />}
                  onClick={() => {
                    onEdit({ kind: 'members', group });
                  }}
                >
                  {t('groups.actions.members')}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconUserShield size={16} aria-hidden />}
                  onClick={() => {
                    onEdit({ kind: 'roles', group });
                  }}
                >
                  {t('groups.actions.roles')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item
                  color="red.9"
                  leftSection={<IconArchive size={16} aria-hidden />}
                  onClick={() => {
                    onEdit({ kind: 'archive', group });
                  }}
                >
                  {t('groups.actions.archive')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** Administration → Groups: groups of members whose roles apply to every member; create, edit, fill and archive. */
export function GroupsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const admin = can(me.data, 'administration', 'admin');
  const query = useGroups(search);
  const { items: groups, total } = flattenPages(query.data?.pages);
  const invalidate = useInvalidateAccess();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);

  const update = (patch: Partial<GroupSearch>) => {
    void navigate({ search: (previous) => mergeGroupSearch(previous, patch), replace: true });
  };
  const filtered = Boolean(search.q);
  const clearFilters = () => {
    update({ q: undefined });
  };

  const fieldErrors: Partial<Record<keyof GroupSearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof GroupSearch] ??= fieldErrorMessage(error);
    }
  }
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);
  const close = () => {
    setEditing(null);
  };

  return (
    <Page
      title={t('groups.title')}
      description={t('groups.description')}
      actions={
        admin ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setCreating(true);
            }}
          >
            {t('groups.create.open')}
          </Button>
        ) : null
      }
    >
      <Card withBorder padding="md" radius="md">
        <Stack gap="sm" component="section" aria-label={t('groups.filters.label')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ alignItems: 'end' }}>
            <DebouncedTextInput
              label={t('groups.filters.q')}
              placeholder={t('groups.filters.qPlaceholder')}
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
              label={t('groups.filters.sort')}
              data={GROUP_SORTS.map((sort) => ({ value: sort, label: t(`groups.sort.${sort}`) }))}
              value={search.sort ?? DEFAULT_GROUP_SORT}
              onChange={(sort) => {
                if (sort) update({ sort: sort });
              }}
              allowDeselect={false}
              error={fieldErrors.sort}
            />
            <Switch
              label={t('groups.filters.includeArchived')}
              checked={search.include_archived ?? false}
              onChange={(event) => {
                update({ include_archived: event.currentTarget.checked });
              }}
              mb={8}
            />
          </SimpleGrid>
          {filtered ? (
            <MantineGroup>
              <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={clearFilters}>
                {t('groups.filters.clear')}
              </Button>
            </MantineGroup>
          ) : null}
        </Stack>
      </Card>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={36} radius="sm" />
          ))}
        </Stack>
      ) : null}

      {query.data !== undefined && groups.length === 0 ? (
        <EmptyState
          icon={<IconUsersGroup size={32} aria-hidden />}
          title={filtered ? t('groups.empty.filteredTitle') : t('groups.empty.title')}
          description={filtered ? t('groups.empty.filteredBody') : t('groups.empty.body')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clearFilters}>
                {t('groups.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {groups.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={760}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('groups.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('groups.fields.name')}</Table.Th>
                  <Table.Th>{t('groups.fields.roles')}</Table.Th>
                  <Table.Th>{t('groups.fields.members')}</Table.Th>
                  <Table.Th>{t('groups.fields.status')}</Table.Th>
                  {admin ? (
                    <Table.Th>
                      <VisuallyHidden>{t('groups.actionsColumn')}</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {groups.map((group) => (
                  <GroupRow key={group.id} group={group} admin={admin} onEdit={setEditing} />
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
          <MantineGroup justify="space-between" align="center">
            <MantineGroup gap="xs">
              <Text size="sm" role="status">
                {t('groups.count', { shown: number.format(groups.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </MantineGroup>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('groups.loadMore')}
              </Button>
            ) : null}
          </MantineGroup>
        </Stack>
      ) : null}

      {admin ? (
        <>
          <GroupFormModal
            opened={creating || editing?.kind === 'details'}
            group={editing?.kind === 'details' ? editing.group : undefined}
            onClose={() => {
              setCreating(false);
              close();
            }}
          />
          <GroupSelectionModal
            group={editing?.kind === 'members' ? editing.group : null}
            kind="members"
            onClose={close}
          />
          <GroupSelectionModal group={editing?.kind === 'roles' ? editing.group : null} kind="roles" onClose={close} />
          <ConfirmModal
            opened={editing?.kind === 'archive'}
            title={editing ? t('groups.archive.title', { name: editing.group.name }) : ''}
            confirmLabel={t('groups.archive.confirm')}
            danger
            onClose={close}
            onConfirm={async () => {
              if (editing?.kind !== 'archive') return;
              const { group } = editing;
              try {
                await unwrap(client.POST('/groups/{id}/archive', { params: { path: { id: group.id } } }));
              } finally {
                void invalidate();
              }
              notifications.show({ color: 'green', message: t('groups.archive.done', { name: group.name }) });
            }}
          >
            {editing?.kind === 'archive'
              ? t('groups.archive.body', { name: editing.group.name, count: editing.group.member_ids.length })
              : ''}
          </ConfirmModal>
        </>
      ) : null}
    </Page>
  );
}
