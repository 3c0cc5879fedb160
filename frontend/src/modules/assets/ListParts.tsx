/**
 * Pieces shared by the module's server-paged lists: the filter card, sortable headers, the selection column's header,
 * the loading skeleton and the footer with the count and "load more".
 */
import {
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp, IconFilterOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../ui/QueryError';

/** The filters of a list, in a card; "clear" shows once a filter narrows the list. */
export function FilterCard({
  label,
  filtered,
  onClear,
  includeArchived,
  onIncludeArchived,
  children,
}: {
  label: string;
  filtered: boolean;
  onClear: () => void;
  includeArchived?: boolean;
  onIncludeArchived?: (value: boolean) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" radius="md">
      <Stack gap="sm" component="section" aria-label={label}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          {children}
        </SimpleGrid>
        <Group justify="space-between">
          {onIncludeArchived ? (
            <Switch
              label={t('assets.filters.includeArchived')}
              checked={includeArchived ?? false}
              onChange={(event) => {
                onIncludeArchived(event.currentTarget.checked);
              }}
            />
          ) : (
            <span />
          )}
          {filtered ? (
            <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
              {t('assets.filters.clear')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}

export type SortDirection = 'ascending' | 'descending' | 'none';

/** How a column header shows the current sort (`col` / `-col`), and the sort a click on it asks for. */
function sortState(current: string, column: string): { direction: SortDirection; next: string } {
  const direction: SortDirection = current === column ? 'ascending' : current === `-${column}` ? 'descending' : 'none';
  return { direction, next: direction === 'ascending' ? `-${column}` : column };
}

/** A column header that sorts the list; screen readers hear the current order through aria-sort. */
export function SortHeader({
  column,
  sort,
  onSort,
  children,
}: {
  column: string;
  /** The current sort, default included. */
  sort: string;
  onSort: (sort: string) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { direction, next } = sortState(sort, column);
  const Icon = direction === 'ascending' ? IconArrowUp : direction === 'descending' ? IconArrowDown : IconArrowsSort;
  return (
    <Table.Th aria-sort={direction}>
      <UnstyledButton
        onClick={() => {
          onSort(next);
        }}
        fw={700}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap">
          {children}
          <Icon size={14} aria-hidden style={{ opacity: direction === 'none' ? 0.4 : 1 }} />
          <VisuallyHidden>
            {next.startsWith('-') ? t('assets.list.sortDescending') : t('assets.list.sortAscending')}
          </VisuallyHidden>
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

/**
 * The header of a list's selection column: checked when every row shown is selected, mixed when only some are; a click
 * selects every row shown, or clears them when all were.
 */
export function SelectAllHeader({
  shown,
  selected,
  label,
  onChange,
}: {
  /** How many rows the list shows (the pages loaded so far). */
  shown: number;
  /** How many of those rows are selected. */
  selected: number;
  label: string;
  onChange: (select: boolean) => void;
}) {
  const all = shown > 0 && selected >= shown;
  return (
    <Table.Th w={40}>
      <Checkbox
        aria-label={label}
        checked={all}
        indeterminate={selected > 0 && !all}
        onChange={() => {
          onChange(!all);
        }}
      />
    </Table.Th>
  );
}

export function ListSkeleton({ rows = 6 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: rows }, (_, index) => (
        <Skeleton key={index} height={36} radius="sm" />
      ))}
    </Stack>
  );
}

interface PagedQuery {
  isError: boolean;
  error: unknown;
  isFetchNextPageError: boolean;
  isPlaceholderData: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
  refetch: () => Promise<unknown>;
}

/** Under a list: how many rows of how many, a later page's error, and "load more". */
export function ListFooter({ query, count }: { query: PagedQuery; count: string }) {
  const { t } = useTranslation();
  return (
    <>
      {query.isError ? (
        <QueryError
          error={query.error}
          onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())}
        />
      ) : null}
      <Group justify="space-between" align="center">
        <Group gap="xs">
          <Text size="sm" role="status">
            {count}
          </Text>
          {query.isPlaceholderData ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
        </Group>
        {query.hasNextPage ? (
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('assets.list.loadMore')}
          </Button>
        ) : null}
      </Group>
    </>
  );
}
