import { Alert, Button, Group, Modal, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBellOff, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useBlocker } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MODULES } from '../../../app/modules';
import { type ApiError, toApiError } from '../../../lib/api';
import { can, useMe } from '../../../lib/me';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { rolesQueryOptions } from '../../administration/access/accessApi';
import {
  eventCatalogueQueryOptions,
  notificationSettingsQueryOptions,
  useSaveNotificationSetting,
} from './notificationSettingsApi';
import { NotificationSettingRow, type RoleOption, SETTING_COLUMNS } from './NotificationSettingRow';
import {
  type Draft,
  groupByModule,
  isStale,
  mergeCatalogue,
  rebase,
  type SettingField,
  type SettingRow,
  type SettingValues,
  toInput,
  valuesOf,
  withChange,
} from './settingsDraft';

const MODULE_SLUGS = new Set<string>(MODULES.map((module) => module.slug));

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([candidate]) => candidate !== key));
}

function withoutKey(set: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(set);
  next.delete(key);
  return next;
}

/**
 * Administration → Notification settings: for every event of the catalogue, whether it notifies, through which
 * channels, with which reminders and to which roles besides the people it names. Changes stay local (and are shown as
 * unsaved) until each event is saved on its own with the version it was changed on.
 */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const admin = can(me.data, 'administration', 'admin');
  const events = useQuery(eventCatalogueQueryOptions());
  const settings = useQuery(notificationSettingsQueryOptions());
  const roles = useQuery(rolesQueryOptions());
  const saveSetting = useSaveNotificationSetting();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [failures, setFailures] = useState<Record<string, ApiError>>({});
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [reloading, setReloading] = useState<ReadonlySet<string>>(new Set());

  const rows = useMemo(
    () => (events.data && settings.data ? mergeCatalogue(events.data, settings.data) : []),
    [events.data, settings.data],
  );
  const rowsByCode = useMemo(() => new Map(rows.map((row) => [row.event.code, row])), [rows]);
  const roleOptions = useMemo<RoleOption[]>(
    () => (roles.data ?? []).map((role) => ({ value: role.id, label: role.name })),
    [roles.data],
  );
  const dirtyCount = rows.filter((row) => drafts[row.event.code] !== undefined).length;
  const dirty = dirtyCount > 0;

  const blocker = useBlocker({ shouldBlockFn: () => dirty, enableBeforeUnload: dirty, disabled: !dirty, withResolver: true });

  const moduleName = (module: string) =>
    MODULE_SLUGS.has(module) ? t(`modules.${module as (typeof MODULES)[number]['slug']}`) : module;

  const change = useCallback(
    <F extends SettingField>(code: string, field: F, value: SettingValues[F]) => {
      const row = rowsByCode.get(code);
      if (!row) return;
      setDrafts((previous) => {
        const next = withChange(row.setting, previous[code], field, value);
        return next ? { ...previous, [code]: next } : without(previous, code);
      });
    },
    [rowsByCode],
  );

  const discard = useCallback((code: string) => {
    setDrafts((previous) => without(previous, code));
    setFailures((previous) => without(previous, code));
  }, []);

  const { mutateAsync } = saveSetting;
  const save = useCallback(
    (code: string) => {
      const row = rowsByCode.get(code);
      const draft = drafts[code];
      if (!row || !draft) return;
      setSaving((previous) => new Set(previous).add(code));
      setFailures((previous) => without(previous, code));
      mutateAsync({ event: code, version: draft.base, input: toInput(valuesOf(row.setting, draft)) })
        .then(() => {
          setDrafts((previous) => without(previous, code));
          notifications.show({ color: 'green', message: t('notificationSettings.save.done', { event: row.event.name }) });
        })
        .catch((thrown: unknown) => {
          setFailures((previous) => ({ ...previous, [code]: toApiError(thrown) }));
        })
        .finally(() => {
          setSaving((previous) => withoutKey(previous, code));
        });
    },
    [drafts, mutateAsync, rowsByCode, t],
  );

  const { refetch } = settings;
  /** Reads the settings again and moves the row's changes onto the newer version, to be saved again. */
  const reload = useCallback(
    (code: string) => {
      setReloading((previous) => new Set(previous).add(code));
      void refetch()
        .then((result) => {
          const latest = result.data?.find((setting) => setting.event === code);
          if (result.isError || !latest) return;
          setFailures((previous) => without(previous, code));
          setDrafts((previous) => {
            const draft = previous[code];
            const next = draft ? rebase(latest, draft) : undefined;
            return next ? { ...previous, [code]: next } : without(previous, code);
          });
        })
        .finally(() => {
          setReloading((previous) => withoutKey(previous, code));
        });
    },
    [refetch],
  );

  const pending = events.isPending || settings.isPending || roles.isPending || me.isPending;
  const loadError = events.error ?? settings.error;
  const groups = groupByModule(rows);

  const renderRow = (row: SettingRow) => {
    const code = row.event.code;
    const draft = drafts[code];
    return (
      <NotificationSettingRow
        key={code}
        row={row}
        values={valuesOf(row.setting, draft)}
        draft={draft}
        stale={isStale(row.setting, draft)}
        failure={failures[code]}
        readOnly={!admin}
        saving={saving.has(code)}
        reloading={reloading.has(code)}
        roleOptions={roleOptions}
        rolesUnavailable={roles.isError}
        onChange={change}
        onSave={save}
        onDiscard={discard}
        onReload={reload}
      />
    );
  };

  return (
    <Page title={t('notificationSettings.title')} description={t('notificationSettings.description')}>
      {pending && !loadError ? <Skeleton height={480} radius="md" /> : null}
      {loadError ? (
        <QueryError
          error={loadError}
          onRetry={() => {
            void events.refetch();
            void settings.refetch();
          }}
        />
      ) : null}
      {roles.isError ? (
        <QueryError
          error={roles.error}
          title={t('notificationSettings.rolesFailed')}
          onRetry={() => void roles.refetch()}
        />
      ) : null}

      {!pending && !loadError ? (
        <>
          {admin ? null : (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="read-only-notice">
              {t('notificationSettings.viewOnly')}
            </Alert>
          )}
          {rows.length === 0 ? (
            <Alert color="gray" variant="light" icon={<IconBellOff aria-hidden />} title={t('notificationSettings.empty.title')}>
              {t('notificationSettings.empty.body')}
            </Alert>
          ) : (
            <>
              <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
                <Stack gap={4}>
                  <Text size="sm">{t('notificationSettings.remindersHelp')}</Text>
                  <Text size="sm">{t('notificationSettings.rolesHelp')}</Text>
                </Stack>
              </Alert>
              <Table.ScrollContainer minWidth={1040}>
                <Table withTableBorder verticalSpacing="sm" aria-label={t('notificationSettings.tableLabel')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('notificationSettings.columns.event')}</Table.Th>
                      <Table.Th scope="col">{t('notificationSettings.columns.enabled')}</Table.Th>
                      <Table.Th scope="col">{t('notificationSettings.columns.channels')}</Table.Th>
                      <Table.Th scope="col">{t('notificationSettings.columns.reminders')}</Table.Th>
                      <Table.Th scope="col">{t('notificationSettings.columns.roles')}</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>{t('notificationSettings.columns.actions')}</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  {groups.map((group) => (
                    <Table.Tbody key={group.module} data-module={group.module}>
                      {groups.length > 1 ? (
                        <Table.Tr>
                          <Table.Th scope="rowgroup" colSpan={SETTING_COLUMNS} bg="var(--mantine-color-default-hover)">
                            {moduleName(group.module)}
                          </Table.Th>
                        </Table.Tr>
                      ) : null}
                      {group.rows.map(renderRow)}
                    </Table.Tbody>
                  ))}
                </Table>
              </Table.ScrollContainer>
            </>
          )}
        </>
      ) : null}

      <Modal
        opened={blocker.status === 'blocked'}
        onClose={() => {
          blocker.reset?.();
        }}
        title={t('notificationSettings.leave.title')}
        centered
      >
        <Stack gap="md">
          <Text size="sm">{t('notificationSettings.leave.body', { count: dirtyCount })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                blocker.reset?.();
              }}
            >
              {t('notificationSettings.leave.stay')}
            </Button>
            <Button
              color="red.9"
              onClick={() => {
                blocker.proceed?.();
              }}
            >
              {t('notificationSettings.leave.discard')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Page>
  );
}
