import { Badge, Code, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isRedacted } from '../../lib/audit';

const wrap = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

/** One side of a change: text as text, other JSON pretty-printed, secrets as a muted "redacted" badge. */
export function AuditValue({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (isRedacted(value)) {
    return (
      <Badge variant="light" color="gray" data-redacted>
        {t('audit.redacted')}
      </Badge>
    );
  }
  if (value === null || value === undefined) {
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t('audit.value.none')}
      </Text>
    );
  }
  if (value === '') {
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t('audit.value.empty')}
      </Text>
    );
  }
  if (typeof value === 'string') {
    return (
      <Text size="sm" style={wrap}>
        {value}
      </Text>
    );
  }
  if (typeof value === 'object') {
    return (
      <Code block style={wrap}>
        {JSON.stringify(value, null, 2)}
      </Code>
    );
  }
  return <Code>{JSON.stringify(value)}</Code>;
}
