import { Code, Group, Pagination, Select, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportRowError } from './importsApi';

export const IMPORT_ERRORS_PAGE_SIZE = 20;

/** The filter's value for errors about a whole row (their column is empty, and a Select value cannot be). */
const WHOLE_ROW = '__row__';

function filterValueOf(error: ImportRowError): string {
  return error.column === '' ? WHOLE_ROW : error.column;
}

/**
 * The problems an import found, by line and column: filtered by column and paged in the browser (the server lists the
 * first 1000; `errorCount` is the exact number, said when it is more).
 */
export function ImportErrorsTable({ errors, errorCount }: { errors: readonly ImportRowError[]; errorCount: number }) {
  const { t, i18n } = useTranslation();
  const [column, setColumn] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const number = new Intl.NumberFormat(i18n.language);

  const columns = useMemo(() => {
    const seen = new Set<string>();
    for (const error of errors) seen.add(filterValueOf(error));
    return [...seen].sort((a, b) => (a === WHOLE_ROW ? -1 : b === WHOLE_ROW ? 1 : a.localeCompare(b)));
  }, [errors]);
  const filtered = useMemo(
    () => (column === null ? errors : errors.filter((error) => filterValueOf(error) === column)),
    [errors, column],
  );
  const pages = Math.max(1, Math.ceil(filtered.length / IMPORT_ERRORS_PAGE_SIZE));
  const current = Math.min(page, pages);
  const first = (current - 1) * IMPORT_ERRORS_PAGE_SIZE;
  const shown = filtered.slice(first, first + IMPORT_ERRORS_PAGE_SIZE);
  const columnLabel = (value: string) => (value === WHOLE_ROW ? t('imports.errors.wholeRow') : value);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select
          label={t('imports.errors.filter')}
          placeholder={t('imports.errors.anyColumn')}
          data={columns.map((value) => ({ value, label: columnLabel(value) }))}
          value={column}
          onChange={(value) => {
            setColumn(value);
            setPage(1);
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('imports.errors.clearFilter') }}
          searchable
          w={260}
        />
        {errorCount > errors.length ? (
          <Text size="sm" c="dimmed">
            {t('imports.errors.truncated', {
              total: number.format(errorCount),
              listed: number.format(errors.length),
            })}
          </Text>
        ) : null}
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="xs" striped aria-label={t('imports.errors.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t('imports.errors.line')}</Table.Th>
              <Table.Th w={200}>{t('imports.errors.column')}</Table.Th>
              <Table.Th>{t('imports.errors.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((error, index) => (
              <Table.Tr key={`${String(error.line)}-${error.column}-${String(first + index)}`}>
                <Table.Td>{number.format(error.line)}</Table.Td>
                <Table.Td>
                  {error.column === '' ? (
                    <Text size="sm" c="dimmed">
                      {t('imports.errors.wholeRow')}
                    </Text>
                  ) : (
                    <Code>{error.column}</Code>
                  )}
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{error.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" align="center" wrap="wrap">
        <Text size="sm" role="status">
          {t('imports.errors.shown', {
            from: number.format(filtered.length === 0 ? 0 : first + 1),
            to: number.format(first + shown.length),
            total: number.format(filtered.length),
          })}
        </Text>
        {pages > 1 ? (
          <nav aria-label={t('imports.errors.pagination')}>
            <Pagination
              total={pages}
              value={current}
              onChange={setPage}
              size="sm"
              getControlProps={(control) => ({ 'aria-label': t(`imports.errors.pages.${control}`) })}
              getItemProps={(item) => ({ 'aria-label': t('imports.errors.pages.page', { page: item }) })}
            />
          </nav>
        ) : null}
      </Group>
    </Stack>
  );
}
