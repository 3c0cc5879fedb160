import {
  ActionIcon,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Menu,
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
  IconArchiveOff,
  IconDotsVertical,
  IconFilterOff,
  IconPencil,
  IconPlus,
  IconSearch,
  IconTags,
} from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { showProblemNotification } from '../../lib/problemNotification';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { mergeTagSearch, type TagSearch } from './dataSearch';
import { TagFormModal } from './TagFormModal';
import { type Tag, useSetTagArchived, useTags } from './tagsApi';

const routeApi = getRouteApi('/_app/administration/tags');

type Editing = { kind: 'edit'; tag: Tag } | { kind: 'archive'; tag: Tag };

interface TagRowProps {
  tag: Tag;
  writer: boolean;
  onEdit: (editing: Editing) => void;
  onRestore: (tag: Tag) => void;
}

function TagRow({ tag, writer, onEdit, onRestore }: TagRowProps) {
  const { t, i18n } = useTranslation();
  const archived = tag.archived_at !== null;
  return (
    <Table.Tr data-tag-id={tag.id}>
      <Table.Td>
        <Badge color={tag.colour} variant="light" tt="none">
          {tag.name}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={tag.description ? undefined : 'dimmed'} lineClamp={2}>
          {tag.description || t('tags.noDescription')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t('tags.uses', { count: tag.uses, formatted: new Intl.NumberFormat(i18n.language).format(tag.uses) })}</Text>
      </Table.Td>
      <Table.Td>
        {archived ? (
          <Badge variant="light" color="gray" tt="none">
            {t('tags.archived')}
          </Badge>
        ) : (
          <Badge variant="dot" color="green" tt="none">
            {t('tags.active')}
          </Badge>
        )}
      </Table.Td>
      {writer ? (
        <Table.Td>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('tags.actions.menu', { name: tag.name })}>
                <IconDotsVertical size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconPencil size={16} aria-hidden />}
                onClick={() => {
                  onEdit({ kind: 'edit', tag });
                }}
              >
                {t('tags.actions.edit')}
              </Menu.Item>
              <Menu.Divider />
              {archived ? (
                <Menu.Item
                  leftSection={<IconArchiveOff size={16} aria-hidden />}
                  onClick={() => {
                    onRestore(tag);
                  }}
                >
                  {t('tags.actions.restore')}
                </Menu.Item>
              ) : (
                <Menu.Item
                  color="red.9"
                  leftSection={<IconArchive size={16} aria-hidden />}
                  onClick={() => {
                    onEdit({ kind: 'archive', tag });
                  }}
                >
                  {t('tags.actions.archive')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/** Administration → Tags: the organisation's tag dictionary; create, edit, archive and restore tags. */
export function TagsPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'administration', 'write');
  const query = useTags(search);
  const pages = query.data?.pages;
  const tags = pages?.flatMap((page) => page.items) ?? [];
  const total = pages?.[pages.length - 1]?.total ?? 0;
  const setArchived = useSetTagArchived();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);

  const update = (patch: Partial<TagSearch>) => {
    void navigate({ search: (previous) => mergeTagSearch(previous, patch), replace: true });
  };
  const filtered = Boolean(search.q);
  const clearFilters = () => {
    update({ q: undefined });
  };
  const fieldErrors: Partial<Record<keyof TagSearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof TagSearch] ??= fieldErrorMessage(error);
    }
  }
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);
  const close = () => {
    setEditing(null);
  };
  const restore = (tag: Tag) => {
    setArchived.mutate(
      { id: tag.id, archived: false },
      {
        onSuccess: (restored) => {
          notifications.show({ color: 'green', message: t('tags.restore.done', { name: restored.name }) });
        },
        onError: (error) => {
          showProblemNotification(toApiError(error));
        },
      },
    );
  };
  const openCreate = () => {
    setCreating(true);
  };

  return (
    <Page
      title={t('tags.title')}
      description={t('tags.description')}
      actions={
        writer ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate}>
            {t('tags.create.open')}
          </Button>
        ) : null
      }
    >
      <Card withBorder padding="md" radius="md">
        <Stack gap="sm" component="section" aria-label={t('tags.filters.label')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ alignItems: 'end' }}>
            <DebouncedTextInput
              label={t('tags.filters.q')}
              placeholder={t('tags.filters.qPlaceholder')}
              type="search"
              maxLength={200}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={search.q ?? ''}
              onCommit={(q) => {
                update({ q });
              }}
              error={fieldErrors.q}
            />
            <Switch
              label={t('tags.filters.includeArchived')}
              checked={search.include_archived ?? false}
              onChange={(event) => {
                update({ include_archived: event.currentTarget.checked });
              }}
              mb={8}
            />
          </SimpleGrid>
          {filtered ? (
            <Group>
              <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={clearFilters}>
                {t('tags.filters.clear')}
              </Button>
            </Group>
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

      {query.data !== undefined && tags.length === 0 ? (
        <EmptyState
          icon={<IconTags size={32} aria-hidden />}
          title={filtered ? t('tags.empty.filteredTitle') : t('tags.empty.title')}
          description={filtered ? t('tags.empty.filteredBody') : writer ? t('tags.empty.bodyWriter') : t('tags.empty.body')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clearFilters}>
                {t('tags.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : writer ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={openCreate}>
                {t('tags.create.open')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {tags.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={720}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('tags.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tags.fields.name')}</Table.Th>
                  <Table.Th>{t('tags.fields.description')}</Table.Th>
                  <Table.Th>{t('tags.fields.uses')}</Table.Th>
                  <Table.Th>{t('tags.fields.status')}</Table.Th>
                  {writer ? (
                    <Table.Th>
                      <VisuallyHidden>{t('tags.actionsColumn')}</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tags.map((tag) => (
                  <TagRow key={tag.id} tag={tag} writer={writer} onEdit={setEditing} onRestore={restore} />
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
                {t('tags.count', { shown: number.format(tags.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('tags.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      {writer ? (
        <>
          <TagFormModal
            opened={creating || editing?.kind === 'edit'}
            tag={editing?.kind === 'edit' ? editing.tag : undefined}
            onClose={() => {
              setCreating(false);
              close();
            }}
          />
          <ConfirmModal
            opened={editing?.kind === 'archive'}
            title={editing ? t('tags.archive.title', { name: editing.tag.name }) : ''}
            confirmLabel={t('tags.archive.confirm')}
            danger
            onClose={close}
            onConfirm={async () => {
              if (editing?.kind !== 'archive') return;
              const archived = await setArchived.mutateAsync({ id: editing.tag.id, archived: true });
              notifications.show({ color: 'green', message: t('tags.archive.done', { name: archived.name }) });
            }}
          >
            {editing?.kind === 'archive' ? t('tags.archive.body', { count: editing.tag.uses }) : ''}
          </ConfirmModal>
        </>
      ) : null}
    </Page>
  );
}
