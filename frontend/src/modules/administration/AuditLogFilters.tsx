import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, auditActionLabel, DEFAULT_AUDIT_SORT } from '../../lib/audit';
import { fromDateTimeLocal, toDateTimeLocal } from '../../lib/intl';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { type AuditSearch, ENTITY_TYPE_PATTERN, hasAuditFilters } from './auditSearch';

export interface AuditLogFiltersProps {
  search: AuditSearch;
  onChange: (patch: Partial<AuditSearch>) => void;
  onClear: () => void;
  /** Errors the server reported on its parameters, by parameter name. */
  errors?: Partial<Record<keyof AuditSearch, string>>;
}

/** The audit log's filters; every change is applied to the address, which drives the query. */
export function AuditLogFilters({ search, onChange, onClear, errors = {} }: AuditLogFiltersProps) {
  const { t } = useTranslation();
  const sortLabelId = useId();
  const actionOptions = useMemo(() => {
    const actions: string[] = [...AUDIT_ACTIONS];
    // A shared link may name an action the server writes but this version of the UI does not know yet.
    if (search.action && !actions.includes(search.action)) actions.push(search.action);
    return actions.map((action) => ({ value: action, label: auditActionLabel(action, t) }));
  }, [search.action, t]);
  const rangeError =
    search.from && search.to && search.from >= search.to ? t('auditLog.filters.rangeInvalid') : undefined;

  return (
    <Stack gap="sm" component="section" aria-label={t('auditLog.filters.label')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" verticalSpacing="sm">
        <DebouncedTextInput
          label={t('auditLog.filters.q')}
          placeholder={t('auditLog.filters.qPlaceholder')}
          type="search"
          maxLength={200}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search.q ?? ''}
          onCommit={(q) => {
            onChange({ q });
          }}
          error={errors.q}
        />
        <Select
          label={t('auditLog.filters.action')}
          placeholder={t('auditLog.filters.anyAction')}
          data={actionOptions}
          value={search.action ?? null}
          onChange={(action) => {
            onChange({ action: action ?? undefined });
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('auditLog.filters.clearAction') }}
          error={errors.action}
        />
        <DebouncedTextInput
          label={t('auditLog.filters.entityType')}
          placeholder="organization"
          maxLength={64}
          autoCapitalize="none"
          spellCheck={false}
          value={search.entity_type ?? ''}
          validate={(value) =>
            value === '' || ENTITY_TYPE_PATTERN.test(value) ? undefined : t('auditLog.filters.entityTypeInvalid')
          }
          onCommit={(entityType) => {
            onChange({ entity_type: entityType });
          }}
          error={errors.entity_type}
        />
        <DebouncedTextInput
          label={t('auditLog.filters.entityId')}
          maxLength={200}
          spellCheck={false}
          value={search.entity_id ?? ''}
          onCommit={(entityId) => {
            onChange({ entity_id: entityId });
          }}
          error={errors.entity_id}
        />
        <DebouncedTextInput
          label={t('auditLog.filters.actorId')}
          maxLength={200}
          spellCheck={false}
          value={search.actor_id ?? ''}
          onCommit={(actorId) => {
            onChange({ actor_id: actorId });
          }}
          error={errors.actor_id}
        />
        <DebouncedTextInput
          label={t('auditLog.filters.from')}
          type="datetime-local"
          value={toDateTimeLocal(search.from)}
          onCommit={(value) => {
            onChange({ from: fromDateTimeLocal(value) });
          }}
          error={errors.from}
        />
        <DebouncedTextInput
          label={t('auditLog.filters.to')}
          type="datetime-local"
          value={toDateTimeLocal(search.to)}
          onCommit={(value) => {
            onChange({ to: fromDateTimeLocal(value) });
          }}
          error={errors.to ?? rangeError}
        />
        <Stack gap={4} align="flex-start">
          <Text component="div" size="sm" fw={500} id={sortLabelId}>
            {t('auditLog.filters.sort')}
          </Text>
          <SegmentedControl
            aria-labelledby={sortLabelId}
            data={[
              { value: '-occurred_at', label: t('auditLog.filters.newest') },
              { value: 'occurred_at', label: t('auditLog.filters.oldest') },
            ]}
            value={search.sort ?? DEFAULT_AUDIT_SORT}
            onChange={(sort) => {
              onChange({ sort });
            }}
          />
        </Stack>
      </SimpleGrid>
      {hasAuditFilters(search) ? (
        <Group>
          <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
            {t('auditLog.filters.clear')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

