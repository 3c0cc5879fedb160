import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Code,
  EmptyState,
  Group,
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
import { IconArchive, IconArchiveOff, IconDotsVertical, IconForms, IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { showProblemNotification } from '../../lib/problemNotification';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { CustomFieldFormModal } from './CustomFieldFormModal';
import { type CustomField, customFieldDefinitionsQueryOptions, hasOptions, useSetCustomFieldArchived } from './customFieldsApi';
import { linkableTypesQueryOptions } from './dataApi';
import { type CustomFieldSearch, mergeCustomFieldSearch } from './dataSearch';

const routeApi = getRouteApi('/_app/administration/custom-fields');

/** How many options a row shows before "+n". */
const SHOWN_OPTIONS = 4;

type Editing = { kind: 'edit'; field: CustomField } | { kind: 'archive'; field: CustomField };

interface FieldRowProps {
  field: CustomField;
  writer: boolean;
  onEdit: (editing: Editing) => void;
  onRestore: (field: CustomField) => void;
}

function FieldRow({ field, writer, onEdit, onRestore }: FieldRowProps) {
  const { t } = useTranslation();
  const archived = field.archived_at !== null;
  const hidden = field.options.length - SHOWN_OPTIONS;
  return (
    <Table.Tr data-field-id={field.id}>
      <Table.Td>
        <Text size="sm">{field.position}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {field.label}
        </Text>
        <Code>{field.key}</Code>
        {field.help ? (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {field.help}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t(`customFields.types.${field.type}`)}</Text>
        {hasOptions(field.type) ? (
          <Group gap={4} mt={4}>
            {field.options.slice(0, SHOWN_OPTIONS).map((option) => (
              <Badge key={option} variant="default" size="sm" tt="none">
                {option}
              </Badge>
            ))}
            {hidden > 0 ? (
              <Text size="xs" c="dimmed">
                {t('customFields.moreOptions', { count: hidden })}
              </Text>
            ) : null}
          </Group>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{field.required ? t('customFields.required') : t('customFields.optional')}</Text>
      </Table.Td>
      <Table.Td>
        {archived ? (
          <Badge variant="light" color="gray" tt="none">
            {t('customFields.archived')}
          </Badge>
        ) : (
          <Badge variant="dot" color="green" tt="none">
            {t('customFields.active')}
          </Badge>
        )}
      </Table.Td>
      {writer ? (
        <Table.Td>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('customFields.actions.menu', { name: field.label })}>
                <IconDotsVertical size={18} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item
                leftSection={<IconPencil size={16} aria-hidden />}
                onClick={() => {
                  onEdit({ kind: 'edit', field });
                }}
              >
                {t('customFields.actions.edit')}
              </Menu.Item>
              <Menu.Divider />
              {archived ? (
                <Menu.Item
                  leftSection={<IconArchiveOff size={16} aria-hidden />}
                  onClick={() => {
                    onRestore(field);
                  }}
                >
                  {t('customFields.actions.restore')}
                </Menu.Item>
              ) : (
                <Menu.Item
                  color="red.9"
                  leftSection={<IconArchive size={16} aria-hidden />}
                  onClick={() => {
                    onEdit({ kind: 'archive', field });
                  }}
                >
                  {t('customFields.actions.archive')}
                </Menu.Item>
              )}
            </Menu.Dropdown>
          </Menu>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

/**
 * Administration → Custom fields: the fields the organisation adds to each record type, in form order; create, edit,
 * reorder (by position), archive and restore them. The record type shown is in the address.
 */
export function CustomFieldsPage() {
  const { t } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'administration', 'write');
  const types = useQuery(linkableTypesQueryOptions());
  const typeOptions = (types.data ?? [])
    .filter((type) => type.custom_fields)
    .map((type) => ({ value: type.name, label: type.label }));
  const entityType = search.entity_type ?? typeOptions[0]?.value ?? '';
  const typeLabel = typeOptions.find((option) => option.value === entityType)?.label ?? entityType;
  const includeArchived = search.include_archived ?? false;
  const query = useQuery({
    ...customFieldDefinitionsQueryOptions(entityType, { includeArchived }),
    enabled: entityType !== '',
  });
  const fields = query.data ?? [];
  const setArchived = useSetCustomFieldArchived();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);

  const update = (patch: Partial<CustomFieldSearch>) => {
    void navigate({ search: (previous) => mergeCustomFieldSearch(previous, patch), replace: true });
  };
  const close = () => {
    setEditing(null);
  };
  const openCreate = () => {
    setCreating(true);
  };
  const restore = (field: CustomField) => {
    setArchived.mutate(
      { id: field.id, archived: false },
      {
        onSuccess: (restored) => {
          notifications.show({ color: 'green', message: t('customFields.restore.done', { name: restored.label }) });
        },
        onError: (error) => {
          showProblemNotification(toApiError(error));
        },
      },
    );
  };
  const noTypes = types.data !== undefined && typeOptions.length === 0;

  return (
    <Page
      title={t('customFields.title')}
      description={t('customFields.description')}
      actions={
        writer && !noTypes ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate} disabled={entityType === ''}>
            {t('customFields.create.open')}
          </Button>
        ) : null
      }
    >
      <Card withBorder padding="md" radius="md">
        <SimpleGrid
          cols={{ base: 1, sm: 3 }}
          spacing="sm"
          style={{ alignItems: 'end' }}
          component="section"
          aria-label={t('customFields.filters.label')}
        >
          <Select
            label={t('customFields.filters.entityType')}
            data={typeOptions}
            value={entityType || null}
            onChange={(next) => {
              if (next) update({ entity_type: next });
            }}
            allowDeselect={false}
            disabled={types.isPending}
          />
          <Switch
            label={t('customFields.filters.includeArchived')}
            checked={includeArchived}
            onChange={(event) => {
              update({ include_archived: event.currentTarget.checked });
            }}
            mb={8}
          />
        </SimpleGrid>
      </Card>

      {types.isError ? <QueryError error={types.error} onRetry={() => void types.refetch()} /> : null}
      {noTypes ? (
        <Text c="dimmed" size="sm">
          {t('customFields.noTypes')}
        </Text>
      ) : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {entityType !== '' && query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 3 }, (_, index) => (
            <Skeleton key={index} height={36} radius="sm" />
          ))}
        </Stack>
      ) : null}

      {query.data !== undefined && fields.length === 0 ? (
        <EmptyState
          icon={<IconForms size={32} aria-hidden />}
          title={t('customFields.empty.title')}
          description={
            writer
              ? t('customFields.empty.bodyWriter', { type: typeLabel })
              : t('customFields.empty.body', { type: typeLabel })
          }
        >
          {writer ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={openCreate}>
                {t('customFields.create.open')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {fields.length > 0 ? (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover verticalSpacing="xs" aria-label={t('customFields.tableLabel', { type: typeLabel })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customFields.fields.position')}</Table.Th>
                <Table.Th>{t('customFields.fields.label')}</Table.Th>
                <Table.Th>{t('customFields.fields.type')}</Table.Th>
                <Table.Th>{t('customFields.fields.required')}</Table.Th>
                <Table.Th>{t('customFields.fields.status')}</Table.Th>
                {writer ? (
                  <Table.Th>
                    <VisuallyHidden>{t('customFields.actionsColumn')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((field) => (
                <FieldRow key={field.id} field={field} writer={writer} onEdit={setEditing} onRestore={restore} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}

      {writer ? (
        <>
          <CustomFieldFormModal
            opened={creating || editing?.kind === 'edit'}
            field={editing?.kind === 'edit' ? editing.field : undefined}
            entityType={entityType}
            onClose={() => {
              setCreating(false);
              close();
            }}
          />
          <ConfirmModal
            opened={editing?.kind === 'archive'}
            title={editing ? t('customFields.archive.title', { name: editing.field.label }) : ''}
            confirmLabel={t('customFields.archive.confirm')}
            danger
            onClose={close}
            onConfirm={async () => {
              if (editing?.kind !== 'archive') return;
              const archived = await setArchived.mutateAsync({ id: editing.field.id, archived: true });
              notifications.show({ color: 'green', message: t('customFields.archive.done', { name: archived.label }) });
            }}
          >
            {t('customFields.archive.body')}
          </ConfirmModal>
        </>
      ) : null}
    </Page>
  );
}
