import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArchive,
  IconDeviceFloppy,
  IconDotsVertical,
  IconLock,
  IconPencil,
  IconPlus,
  IconRestore,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useBlocker } from '@tanstack/react-router';
import { memo, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, client, toApiError, unwrap } from '../../../lib/api';
import type { ModuleSlug } from '../../../lib/deployment';
import { useEnabledModules } from '../../../lib/deployment';
import { can, PERMISSION_LEVELS, type PermissionLevel, useMe } from '../../../lib/me';
import { Page } from '../../../ui/Page';
import { ProblemDetails } from '../../../ui/ProblemDetails';
import { QueryError } from '../../../ui/QueryError';
import {
  isOwnerRole,
  type LevelMap,
  levelMapOf,
  MATRIX_MODULES,
  permissionsOf,
  type Role,
  rolesQueryOptions,
  sameLevels,
  useInvalidateAccess,
  versionEtag,
} from './accessApi';
import { ConfirmModal } from './ConfirmModal';
import classes from './RolesPage.module.css';
import { RoleFormModal } from './RoleFormModal';

/** The Owner keeps admin on administration whatever is sent (openapi.yaml updateRole): that cell is not editable. */
function lockedCell(role: Role, module: ModuleSlug): boolean {
  return isOwnerRole(role) && module === 'administration';
}

interface RoleHeaderProps {
  role: Role;
  admin: boolean;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
  onEdit: () => void;
  onArchive: () => void;
}

function RoleHeader({ role, admin, dirty, saving, onSave, onDiscard, onEdit, onArchive }: RoleHeaderProps) {
  const { t } = useTranslation();
  const builtin = role.builtin_key !== null;
  return (
    <Table.Th scope="col" data-role-id={role.id} style={{ verticalAlign: 'top', minWidth: 150 }}>
      <Stack gap={4}>
        <Group gap={4} wrap="nowrap" justify="space-between" align="flex-start">
          <Tooltip label={role.description} disabled={!role.description} multiline maw={320} openDelay={300}>
            <Text size="sm" fw={600}>
              {role.name}
            </Text>
          </Tooltip>
          {admin ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('roles.actions.menu', { name: role.name })}>
                  <IconDotsVertical size={16} aria-hidden />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
                  {t('roles.actions.edit')}
                </Menu.Item>
                {builtin ? null : (
                  <Menu.Item color="red.9" leftSection={<IconArchive size={16} aria-hidden />} onClick={onArchive}>
                    {t('roles.actions.archive')}
                  </Menu.Item>
                )}
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
        <Group gap={4}>
          <Badge size="xs" variant="light" color={builtin ? 'blue' : 'grape'} tt="none">
            {builtin ? t('roles.builtin') : t('roles.custom')}
          </Badge>
          <Text size="xs" c="dimmed" fw={400}>
            {t('roles.memberCount', { count: role.member_count })}
          </Text>
        </Group>
        {dirty ? (
          <Group gap={4}>
            <Button
              size="compact-xs"
              leftSection={<IconDeviceFloppy size={12} aria-hidden />}
              loading={saving}
              onClick={onSave}
              aria-label={t('roles.save.role', { name: role.name })}
            >
              {t('roles.save.short')}
            </Button>
            <Button
              size="compact-xs"
              variant="default"
              disabled={saving}
              onClick={onDiscard}
              aria-label={t('roles.discard.role', { name: role.name })}
            >
              {t('roles.discard.short')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Table.Th>
  );
}

interface CellProps {
  role: Role;
  module: ModuleSlug;
  moduleName: string;
  level: PermissionLevel;
  original: PermissionLevel;
  readOnly: boolean;
  options: readonly { value: PermissionLevel; label: string }[];
  onChange: (role: Role, module: ModuleSlug, level: PermissionLevel) => void;
}

/** One level of the matrix; memoised, so that a change re-renders its own cell and not the whole matrix. */
const LevelCell = memo(function LevelCell({ role, module, moduleName, level, original, readOnly, options, onChange }: CellProps) {
  const { t } = useTranslation();
  const locked = lockedCell(role, module);
  const changed = level !== original;
  const select = (
    <select
      className={classes.level}
      aria-label={t('roles.cellLabel', { role: role.name, module: moduleName })}
      value={level}
      disabled={readOnly || locked}
      data-changed={changed || undefined}
      onChange={(event) => {
        onChange(role, module, event.currentTarget.value as PermissionLevel);
      }}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
  return (
    <Table.Td className={changed ? classes.changed : undefined} data-level={level}>
      {locked ? (
        <Tooltip label={t('roles.ownerLocked')} multiline maw={280}>
          <Group gap={4} wrap="nowrap">
            {select}
            <IconLock size={14} aria-label={t('roles.ownerLocked')} />
          </Group>
        </Tooltip>
      ) : (
        select
      )}
    </Table.Td>
  );
});

type Draft = Partial<Record<ModuleSlug, PermissionLevel>>;

/** A copy of `record` without `key`. */
function without<T extends object>(record: T, key: string): T {
  return Object.fromEntries(Object.entries(record).filter(([candidate]) => candidate !== key)) as T;
}

type Dialog = { kind: 'create' } | { kind: 'edit'; role: Role } | { kind: 'archive'; role: Role };

/**
 * Administration → Roles: the permission matrix. Rows are modules, columns roles, each cell the role's level on the
 * module. Changes stay local (and are shown as unsaved) until saved, role by role, each with the If-Match of the
 * version it was made on; built-in roles are editable templates, the server says when it refuses a change.
 */
export function RolesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = can(me.data, 'administration', 'admin');
  const roles = useQuery(rolesQueryOptions());
  const queryClient = useQueryClient();
  const invalidate = useInvalidateAccess();
  const { enabled } = useEnabledModules();
  // Only the cells the user changed, per role: applied on top of the role as last read, so that a newer version read
  // after a 412 keeps the user's changes and shows everyone else's.
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [failures, setFailures] = useState<Record<string, ApiError>>({});
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const list = useMemo(() => roles.data ?? [], [roles.data]);
  // The levels as saved, per role, computed once per read of the roles.
  const saved = useMemo(() => Object.fromEntries(list.map((role) => [role.id, levelMapOf(role.permissions)])), [list]);
  const levelsOf = (role: Role): LevelMap => ({ ...levelMapOf(role.permissions), ...drafts[role.id] });
  const dirtyRoles = list.filter((role) => !sameLevels(levelsOf(role), levelMapOf(role.permissions)));
  const dirty = dirtyRoles.length > 0;

  const blocker = useBlocker({ shouldBlockFn: () => dirty, enableBeforeUnload: dirty, disabled: !dirty, withResolver: true });

  const levelOptions = useMemo(
    () => PERMISSION_LEVELS.map((value) => ({ value, label: t(`permissions.levels.${value}`) })),
    [t],
  );

  const setLevel = useCallback((role: Role, module: ModuleSlug, level: PermissionLevel) => {
    setDrafts((previous) => {
      const others = without(previous[role.id] ?? {}, module);
      // Back to the saved level: no longer a change.
      const draft: Draft = level === levelMapOf(role.permissions)[module] ? others : { ...others, [module]: level };
      return { ...previous, [role.id]: draft };
    });
  }, []);

  const discard = (roleId?: string) => {
    const drop = <T,>(record: Record<string, T>): Record<string, T> => (roleId === undefined ? {} : without(record, roleId));
    setDrafts(drop);
    setFailures(drop);
  };

  const save = async (role: Role): Promise<boolean> => {
    const levels = levelsOf(role);
    setSaving((previous) => new Set(previous).add(role.id));
    try {
      const { data: saved } = await unwrap(
        client.PATCH('/roles/{id}', {
          params: { path: { id: role.id }, header: { 'If-Match': versionEtag(role.version) } },
          body: { permissions: permissionsOf(levels) },
        }),
      );
      queryClient.setQueryData(rolesQueryOptions().queryKey, (previous) =>
        previous?.map((candidate) => (candidate.id === saved.id ? saved : candidate)),
      );
      discard(role.id);
      notifications.show({ color: 'green', message: t('roles.save.done', { name: saved.name }) });
      return true;
    } catch (thrown) {
      setFailures((previous) => ({ ...previous, [role.id]: toApiError(thrown) }));
      return false;
    } finally {
      setSaving((previous) => {
        const next = new Set(previous);
        next.delete(role.id);
        return next;
      });
      void invalidate();
    }
  };

  const saveAll = async () => {
    for (const role of dirtyRoles) await save(role);
  };

  const failed = list.filter((role) => failures[role.id] !== undefined);

  return (
    <Page
      title={t('roles.title')}
      description={t('roles.description')}
      actions={
        admin ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setDialog({ kind: 'create' });
            }}
          >
            {t('roles.create.open')}
          </Button>
        ) : null
      }
    >
      {roles.isPending || me.isPending ? <Skeleton height={480} radius="md" /> : null}
      {roles.isError ? <QueryError error={roles.error} onRetry={() => void roles.refetch()} /> : null}

      {!admin && roles.data ? (
        <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="read-only-notice">
          {t('roles.viewOnly')}
        </Alert>
      ) : null}

      {dirty ? (
        <Alert
          color="orange"
          variant="light"
          role="status"
          icon={<IconAlertTriangle aria-hidden />}
          title={t('roles.unsaved.title', { count: dirtyRoles.length })}
          data-testid="unsaved-changes"
        >
          <Stack gap="sm" align="flex-start">
            <Text size="sm">
              {t('roles.unsaved.body', { roles: dirtyRoles.map((role) => role.name).join(', ') })}
            </Text>
            <Group gap="sm">
              <Button
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                loading={saving.size > 0}
                onClick={() => void saveAll()}
              >
                {t('roles.save.all')}
              </Button>
              <Button
                variant="default"
                leftSection={<IconRestore size={16} aria-hidden />}
                disabled={saving.size > 0}
                onClick={() => {
                  discard();
                }}
              >
                {t('roles.discard.all')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}

      {failed.map((role) => {
        const error = failures[role.id];
        if (!error) return null;
        return (
          <Alert
            key={role.id}
            color="red"
            variant="light"
            role="alert"
            title={t('roles.save.failed', { name: role.name })}
            data-testid={`save-failure-${role.id}`}
          >
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {error.title}
              </Text>
              <ProblemDetails error={error} unmatched={error.errors} />
              {error.isPreconditionFailed ? <Text size="sm">{t('roles.conflict')}</Text> : null}
            </Stack>
          </Alert>
        );
      })}

      {roles.data && !me.isPending ? (
        <Table.ScrollContainer minWidth={260 + list.length * 160}>
          <Table
            withTableBorder
            withColumnBorders
            verticalSpacing={6}
            stickyHeader
            aria-label={t('roles.matrixLabel')}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" className={classes.moduleCell} style={{ verticalAlign: 'top', minWidth: 220 }}>
                  {t('roles.moduleColumn')}
                </Table.Th>
                {list.map((role) => (
                  <RoleHeader
                    key={role.id}
                    role={role}
                    admin={admin}
                    dirty={dirtyRoles.includes(role)}
                    saving={saving.has(role.id)}
                    onSave={() => void save(role)}
                    onDiscard={() => {
                      discard(role.id);
                    }}
                    onEdit={() => {
                      setDialog({ kind: 'edit', role });
                    }}
                    onArchive={() => {
                      setDialog({ kind: 'archive', role });
                    }}
                  />
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {MATRIX_MODULES.map((module) => {
                const moduleName = t(`modules.${module}`);
                return (
                  <Table.Tr key={module} data-module={module}>
                    <Table.Th scope="row" className={classes.moduleCell}>
                      <Text size="sm" fw={500}>
                        {moduleName}
                      </Text>
                      {enabled.size > 0 && !enabled.has(module) ? (
                        <Text size="xs" c="dimmed">
                          {t('roles.moduleDisabled')}
                        </Text>
                      ) : null}
                    </Table.Th>
                    {list.map((role) => (
                      <LevelCell
                        key={role.id}
                        role={role}
                        module={module}
                        moduleName={moduleName}
                        level={drafts[role.id]?.[module] ?? saved[role.id]?.[module] ?? 'none'}
                        original={saved[role.id]?.[module] ?? 'none'}
                        readOnly={!admin || saving.has(role.id)}
                        options={levelOptions}
                        onChange={setLevel}
                      />
                    ))}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}

      {roles.data ? (
        <Text size="xs" c="dimmed">
          {t('roles.levelsHint')}
        </Text>
      ) : null}

      {admin ? (
        <>
          <RoleFormModal
            opened={dialog?.kind === 'create' || dialog?.kind === 'edit'}
            role={dialog?.kind === 'edit' ? dialog.role : undefined}
            templates={list}
            onClose={() => {
              setDialog(null);
            }}
          />
          <ConfirmModal
            opened={dialog?.kind === 'archive'}
            title={dialog?.kind === 'archive' ? t('roles.archive.title', { name: dialog.role.name }) : ''}
            confirmLabel={t('roles.archive.confirm')}
            danger
            onClose={() => {
              setDialog(null);
            }}
            onConfirm={async () => {
              if (dialog?.kind !== 'archive') return;
              const { role } = dialog;
              try {
                await unwrap(client.POST('/roles/{id}/archive', { params: { path: { id: role.id } } }));
              } finally {
                void invalidate();
              }
              discard(role.id);
              notifications.show({ color: 'green', message: t('roles.archive.done', { name: role.name }) });
            }}
          >
            {dialog?.kind === 'archive'
              ? t('roles.archive.body', { name: dialog.role.name, count: dialog.role.member_count })
              : ''}
          </ConfirmModal>
        </>
      ) : null}

      <Modal
        opened={blocker.status === 'blocked'}
        onClose={() => {
          blocker.reset?.();
        }}
        title={t('roles.leave.title')}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('roles.leave.body', { count: dirtyRoles.length })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                blocker.reset?.();
              }}
            >
              {t('roles.leave.stay')}
            </Button>
            <Button
              color="red.9"
              onClick={() => {
                blocker.proceed?.();
              }}
            >
              {t('roles.leave.discard')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Page>
  );
}
