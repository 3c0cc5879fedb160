import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  MultiSelect,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
} from '@mantine/core';
import { IconAlertTriangle, IconDeviceFloppy, IconMail, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, type FieldError, fieldErrorMessage, normalizeFieldPath } from '../../../lib/api';
import { ProblemDetails } from '../../../ui/ProblemDetails';
import { RouterAnchor } from '../../../ui/RouterLinks';
import { CHANNELS, MAX_OFFSETS, type NotificationChannel } from './notificationSettingsApi';
import { type Draft, normaliseChannels, parseOffsets, type SettingField, type SettingRow, type SettingValues } from './settingsDraft';
import { WARNING_TEXT } from '../../../ui/tones';

/** Hidden from view, still read by screen readers (Mantine's VisuallyHidden, as styles). */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/** Columns of the settings table (for the error rows that span it). */
export const SETTING_COLUMNS = 6;

export interface RoleOption {
  value: string;
  label: string;
}

export interface NotificationSettingRowProps {
  row: SettingRow;
  values: SettingValues;
  draft: Draft | undefined;
  /** The draft was made on an older version than the one read since. */
  stale: boolean;
  failure: ApiError | undefined;
  readOnly: boolean;
  saving: boolean;
  reloading: boolean;
  roleOptions: readonly RoleOption[];
  rolesUnavailable: boolean;
  onChange: <F extends SettingField>(code: string, field: F, value: SettingValues[F]) => void;
  onSave: (code: string) => void;
  onDiscard: (code: string) => void;
  onReload: (code: string) => void;
}

/** The server's error on one of the row's fields, in words. */
function fieldError(failure: ApiError | undefined, field: SettingField): string | undefined {
  const error = failure?.errors.find((candidate) => normalizeFieldPath(candidate.field).split('.')[0] === field);
  return error ? fieldErrorMessage(error) : undefined;
}

const ROW_FIELDS: readonly string[] = ['enabled', 'channels', 'offsets_days', 'recipient_role_ids'];

function unmatchedErrors(failure: ApiError): FieldError[] {
  return failure.errors.filter((error) => !ROW_FIELDS.includes(normalizeFieldPath(error.field).split('.')[0] ?? ''));
}

/**
 * One event of the settings table: what it is, whether it notifies, through which channels, its reminders and the
 * roles it also reaches; saved on its own. A refused save shows in a row under it.
 */
export function NotificationSettingRow({
  row,
  values,
  draft,
  stale,
  failure,
  readOnly,
  saving,
  reloading,
  roleOptions,
  rolesUnavailable,
  onChange,
  onSave,
  onDiscard,
  onReload,
}: NotificationSettingRowProps) {
  const { t } = useTranslation();
  const { event, setting } = row;
  const code = event.code;
  const name = event.name;
  const dirty = draft !== undefined;
  const [offsetProblem, setOffsetProblem] = useState<string | undefined>();
  const conflict = failure?.isPreconditionFailed === true || stale;
  // Roles the setting names that are not among the organisation's roles (archived since): shown, so they can be removed.
  const options = [
    ...roleOptions,
    ...values.recipient_role_ids
      .filter((id) => !roleOptions.some((option) => option.value === id))
      .map((id) => ({ value: id, label: t('notificationSettings.unknownRole') })),
  ];

  const toggleChannel = (channel: NotificationChannel, checked: boolean) => {
    const next = checked ? [...values.channels, channel] : values.channels.filter((candidate) => candidate !== channel);
    onChange(code, 'channels', normaliseChannels(next));
  };

  return (
    <>
      <Table.Tr data-event={code} data-dirty={dirty || undefined}>
        <Table.Th scope="row" style={{ verticalAlign: 'top', fontWeight: 400, minWidth: 240 }}>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {name}
            </Text>
            <Text size="xs" c="dimmed">
              {event.description}
            </Text>
            <Code fz="xs" w="fit-content">
              {code}
            </Code>
            <Group gap={4}>
              {setting.customised ? (
                <Badge size="xs" variant="light" color="blue" tt="none">
                  {t('notificationSettings.status.customised')}
                </Badge>
              ) : (
                <Badge size="xs" variant="light" color="gray" tt="none">
                  {t('notificationSettings.status.default')}
                </Badge>
              )}
              {dirty ? (
                <Badge size="xs" variant="light" color="orange" tt="none">
                  {t('notificationSettings.status.unsaved')}
                </Badge>
              ) : null}
            </Group>
            <RouterAnchor
              size="xs"
              to="/administration/notifications/$event/templates"
              params={{ event: code }}
              aria-label={t('notificationSettings.templatesFor', { event: name })}
            >
              <Group gap={4} component="span" wrap="nowrap">
                <IconMail size={14} aria-hidden />
                {t('notificationSettings.templates')}
              </Group>
            </RouterAnchor>
          </Stack>
        </Table.Th>
        <Table.Td style={{ verticalAlign: 'top' }}>
          <Switch
            checked={values.enabled}
            disabled={readOnly}
            aria-label={t('notificationSettings.fields.enabled', { event: name })}
            onChange={(change) => {
              onChange(code, 'enabled', change.currentTarget.checked);
            }}
            error={fieldError(failure, 'enabled')}
          />
        </Table.Td>
        <Table.Td style={{ verticalAlign: 'top' }}>
          <Stack gap={10} role="group" aria-label={t('notificationSettings.fields.channels', { event: name })}>
            {CHANNELS.map((channel) => (
              <Checkbox
                key={channel}
                size="sm"
                label={t(`notificationSettings.channels.${channel}`)}
                checked={values.channels.includes(channel)}
                disabled={readOnly}
                onChange={(change) => {
                  toggleChannel(channel, change.currentTarget.checked);
                }}
              />
            ))}
            {fieldError(failure, 'channels') ? (
              <Text size="xs" c="red.8">
                {fieldError(failure, 'channels')}
              </Text>
            ) : null}
            {values.enabled && values.channels.length === 0 ? (
              <Text size="xs" c={WARNING_TEXT}>
                {t('notificationSettings.noChannel')}
              </Text>
            ) : null}
          </Stack>
        </Table.Td>
        <Table.Td style={{ verticalAlign: 'top', minWidth: 170 }}>
          <TagsInput
            size="xs"
            aria-label={t('notificationSettings.fields.reminders', { event: name })}
            // Read out with the input, not shown in every row: the note above the table says it for the eyes.
            description={t('notificationSettings.remindersDescription')}
            styles={{ description: VISUALLY_HIDDEN }}
            placeholder={readOnly ? undefined : t('notificationSettings.remindersPlaceholder')}
            value={values.offsets_days.map(String)}
            disabled={readOnly}
            maxTags={MAX_OFFSETS}
            splitChars={[',', ' ', ';']}
            acceptValueOnBlur
            clearable={!readOnly}
            error={offsetProblem ?? fieldError(failure, 'offsets_days')}
            onChange={(entries) => {
              const { offsets, invalid } = parseOffsets(entries);
              setOffsetProblem(
                invalid[0] === undefined ? undefined : t('notificationSettings.offsetInvalid', { value: invalid[0] }),
              );
              onChange(code, 'offsets_days', offsets);
            }}
          />
        </Table.Td>
        <Table.Td style={{ verticalAlign: 'top', minWidth: 200 }}>
          <MultiSelect
            size="xs"
            aria-label={t('notificationSettings.fields.roles', { event: name })}
            placeholder={readOnly || values.recipient_role_ids.length > 0 ? undefined : t('notificationSettings.rolesPlaceholder')}
            data={options}
            value={values.recipient_role_ids}
            disabled={readOnly || rolesUnavailable}
            searchable
            nothingFoundMessage={t('notificationSettings.noRoleFound')}
            error={fieldError(failure, 'recipient_role_ids')}
            onChange={(ids) => {
              onChange(code, 'recipient_role_ids', ids);
            }}
          />
        </Table.Td>
        <Table.Td style={{ verticalAlign: 'top' }}>
          {!readOnly && dirty ? (
            <Stack gap={4} align="flex-start">
              <Button
                size="compact-xs"
                leftSection={<IconDeviceFloppy size={12} aria-hidden />}
                loading={saving}
                disabled={conflict}
                aria-label={t('notificationSettings.save.label', { event: name })}
                onClick={() => {
                  onSave(code);
                }}
              >
                {t('notificationSettings.save.short')}
              </Button>
              <Button
                size="compact-xs"
                variant="default"
                disabled={saving}
                aria-label={t('notificationSettings.discard.label', { event: name })}
                onClick={() => {
                  setOffsetProblem(undefined);
                  onDiscard(code);
                }}
              >
                {t('notificationSettings.discard.short')}
              </Button>
            </Stack>
          ) : null}
        </Table.Td>
      </Table.Tr>
      {conflict && !readOnly ? (
        <Table.Tr data-problem-for={code}>
          <Table.Td colSpan={SETTING_COLUMNS}>
            <Alert
              color="orange"
              variant="light"
              role="alert"
              icon={<IconAlertTriangle aria-hidden />}
              title={t('notificationSettings.conflict.title', { event: name })}
            >
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  {failure?.isPreconditionFailed ? t('notificationSettings.conflict.body') : t('notificationSettings.conflict.staleBody')}
                </Text>
                <Button
                  size="xs"
                  color="orange"
                  leftSection={<IconRefresh size={14} aria-hidden />}
                  loading={reloading}
                  onClick={() => {
                    onReload(code);
                  }}
                >
                  {t('notificationSettings.conflict.reload')}
                </Button>
              </Stack>
            </Alert>
          </Table.Td>
        </Table.Tr>
      ) : null}
      {failure && !failure.isPreconditionFailed ? (
        <Table.Tr data-problem-for={code}>
          <Table.Td colSpan={SETTING_COLUMNS}>
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={t('notificationSettings.save.failed', { event: name })}
            >
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {failure.title}
                </Text>
                <ProblemDetails error={failure} unmatched={unmatchedErrors(failure)} />
              </Stack>
            </Alert>
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  );
}
