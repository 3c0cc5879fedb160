import { Code, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type AuditEvent, auditChanges } from '../../lib/audit';
import { AuditValue } from './AuditValue';

/** The diff of one event: field | before | after. */
export function AuditChangesTable({ event }: { event: Pick<AuditEvent, 'changes'> }) {
  const { t } = useTranslation();
  const changes = auditChanges(event);
  if (changes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('audit.noChanges')}
      </Text>
    );
  }
  return (
    <Table layout="fixed" withTableBorder verticalSpacing="xs" aria-label={t('audit.changes.label')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="30%">{t('audit.changes.field')}</Table.Th>
          <Table.Th>{t('audit.changes.before')}</Table.Th>
          <Table.Th>{t('audit.changes.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map(({ field, before, after }) => (
          <Table.Tr key={field}>
            <Table.Th scope="row" fw={400}>
              <Code style={{ overflowWrap: 'anywhere' }}>{field}</Code>
            </Table.Th>
            <Table.Td>
              <AuditValue value={before} />
            </Table.Td>
            <Table.Td>
              <AuditValue value={after} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
