import { Anchor, Badge, DataList, Group, Skeleton, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type CustomField, customFieldDefinitionsQueryOptions, isEmptyValue } from './customFieldsApi';
import { personName, personQueryOptions } from './peopleApi';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A `YYYY-MM-DD` day in the UI language, as the day it is (no time zone shift); the input as is if unreadable. */
function formatDay(value: string, language: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) return value;
  let format = dateFormats.get(language);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
    }
    dateFormats.set(language, format);
  }
  return format.format(date);
}

/** A user field: the person's name from the directory (any member may read it), else the id (no longer a member). */
function UserName({ id }: { id: string }) {
  const person = useQuery({ ...personQueryOptions(id), retry: false });
  return <Text size="sm">{person.data ? personName(person.data) : id}</Text>;
}

/** External links from a value: only http(s), opened in a new tab without access to this page. */
function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

function Value({ type, value }: { type: CustomField['type'] | undefined; value: unknown }) {
  const { t, i18n } = useTranslation();
  if (isEmptyValue(value)) {
    return (
      <Text size="sm" c="dimmed">
        {t('customFields.values.none')}
      </Text>
    );
  }
  if (type === 'boolean' || typeof value === 'boolean') {
    return <Text size="sm">{value === true || value === 'true' ? t('customFields.values.yes') : t('customFields.values.no')}</Text>;
  }
  if (Array.isArray(value)) {
    return (
      <Group gap={4}>
        {value.map((item, index) => (
          <Badge key={`${String(item)}-${String(index)}`} variant="default" tt="none">
            {String(item)}
          </Badge>
        ))}
      </Group>
    );
  }
  if (type === 'number' && typeof value === 'number') {
    return <Text size="sm">{new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 10 }).format(value)}</Text>;
  }
  const shown = typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  if (type === 'date') return <Text size="sm">{formatDay(shown, i18n.language)}</Text>;
  if (type === 'url' && isHttpUrl(shown)) {
    return (
      <Anchor href={shown} target="_blank" rel="noopener noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }}>
        {shown}
      </Anchor>
    );
  }
  if (type === 'user') return <UserName id={shown} />;
  return (
    <Text size="sm" style={{ whiteSpace: type === 'long_text' ? 'pre-wrap' : undefined, overflowWrap: 'anywhere' }}>
      {shown}
    </Text>
  );
}

interface Row {
  key: string;
  label: string;
  type: CustomField['type'] | undefined;
  archived: boolean;
}

/**
 * A record's custom field values, read-only, in form order: every active field (a dash when empty), then the values of
 * archived fields (marked so) and of keys without a definition. Nothing when there is nothing to show.
 */
export function CustomFieldValues({ entityType, values }: { entityType: string; values: Record<string, unknown> }) {
  const { t } = useTranslation();
  const definitions = useQuery({
    ...customFieldDefinitionsQueryOptions(entityType, { includeArchived: true }),
    enabled: entityType !== '',
  });
  if (definitions.isPending && entityType !== '') {
    return <Skeleton height={24} radius="sm" aria-label={t('common.loading')} />;
  }
  const rows: Row[] = [];
  const known = new Set<string>();
  const fields = definitions.data ?? [];
  for (const field of fields) known.add(field.key);
  for (const field of fields.filter((candidate) => candidate.archived_at === null)) {
    rows.push({ key: field.key, label: field.label, type: field.type, archived: false });
  }
  for (const field of fields.filter((candidate) => candidate.archived_at !== null)) {
    if (!isEmptyValue(values[field.key])) rows.push({ key: field.key, label: field.label, type: field.type, archived: true });
  }
  for (const [key, value] of Object.entries(values)) {
    if (!known.has(key) && !isEmptyValue(value)) rows.push({ key, label: key, type: undefined, archived: true });
  }
  if (rows.length === 0) return null;
  return (
    <DataList size="sm" gap="xs" labelWidth="11rem" withDivider aria-label={t('customFields.values.label')}>
      {rows.map((row) => (
        <DataList.Item key={row.key}>
          <DataList.ItemLabel>
            {row.label}
            {row.archived ? (
              <Text span size="xs" c="dimmed" ml={4}>
                {t('customFields.values.archivedField')}
              </Text>
            ) : null}
          </DataList.ItemLabel>
          <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>
            <Value type={row.type} value={values[row.key]} />
          </DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
