import { Button, Card, Code, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { toDateInput } from '../../lib/intl';
import { can, useMe } from '../../lib/me';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { entityEvidenceQueryOptions, flattenPages } from './complianceApi';
import { EvidencePeriod } from './ControlEvidencePanel';

export interface EvidenceOfEntityPanelProps {
  /** The record's linkable type (`asset`, `inventory_campaign`…). */
  entityType: string;
  entityId: string;
}

/**
 * "Controls this supports": the framework controls a record is evidence for, each a link to the control's page, with
 * why the record is evidence and for which period. Shown only to users who may read compliance (nothing otherwise);
 * evidence is linked and removed from the control's page.
 */
export function EvidenceOfEntityPanel({ entityType, entityId }: EvidenceOfEntityPanelProps) {
  const me = useMe();
  const allowed = can(me.data, 'compliance', 'read');
  return allowed ? <EvidenceOfEntity entityType={entityType} entityId={entityId} /> : null;
}

function EvidenceOfEntity({ entityType, entityId }: EvidenceOfEntityPanelProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const query = useInfiniteQuery(entityEvidenceQueryOptions(entityType, entityId));
  const { items, total } = flattenPages(query.data?.pages);
  const today = toDateInput(new Date());
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="md">
        {t('compliance.evidenceOf.title')}
      </Title>
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton height={32} radius="sm" />
        </Stack>
      ) : null}
      {query.data !== undefined && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('compliance.evidenceOf.empty')}
        </Text>
      ) : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" aria-label={t('compliance.evidenceOf.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('compliance.evidenceOf.columns.control')}</Table.Th>
                <Table.Th>{t('compliance.evidenceOf.columns.framework')}</Table.Th>
                <Table.Th>{t('compliance.evidenceOf.columns.description')}</Table.Th>
                <Table.Th>{t('compliance.evidenceOf.columns.period')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((evidence) => (
                <Table.Tr key={evidence.id} data-evidence-id={evidence.id}>
                  <Table.Td>
                    <RouterAnchor to="/compliance/controls/$id" params={{ id: evidence.control_id }} size="sm" fw={500}>
                      <Code mr={4}>{evidence.control_ref}</Code> {evidence.control_title}
                    </RouterAnchor>
                  </Table.Td>
                  <Table.Td>
                    <RouterAnchor to="/compliance/frameworks/$id" params={{ id: evidence.framework_id }} size="sm">
                      {evidence.framework_name}
                    </RouterAnchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {evidence.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <EvidencePeriod evidence={evidence} today={today} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {query.isError ? (
        <QueryError
          error={query.error}
          onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())}
        />
      ) : null}
      {query.hasNextPage ? (
        <Group justify="space-between" align="center" mt="sm">
          <Text size="sm">
            {t('compliance.evidence.count', { shown: number.format(items.length), total: number.format(total), count: total })}
          </Text>
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('compliance.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Card>
  );
}
