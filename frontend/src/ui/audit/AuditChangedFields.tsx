import { Code, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type AuditEvent, changedFields } from '../../lib/audit';

export interface AuditChangedFieldsProps {
  event: Pick<AuditEvent, 'changes'>;
  /** How many field names to show before "+N more" (default 3). */
  max?: number;
}

/** The names of the fields an event changed, the first few of them and how many more. */
export function AuditChangedFields({ event, max = 3 }: AuditChangedFieldsProps) {
  const { t } = useTranslation();
  const fields = changedFields(event);
  if (fields.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('audit.noChanges')}
      </Text>
    );
  }
  const shown = fields.slice(0, max);
  const hidden = fields.length - shown.length;
  return (
    <Group gap={4} wrap="wrap" data-testid="changed-fields">
      {shown.map((field) => (
        <Code key={field}>{field}</Code>
      ))}
      {hidden > 0 ? (
        <Text component="span" size="xs" c="dimmed">
          {t('audit.moreFields', { count: hidden })}
        </Text>
      ) : null}
    </Group>
  );
}
