import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLink, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toDateInput } from '../../lib/intl';
import { AuditTime } from '../../ui/audit/AuditTime';
import { QueryError } from '../../ui/QueryError';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { linkableTypesQueryOptions } from '../data/dataApi';
import { EntityAnchor } from '../data/EntityAnchor';
import { type Control, controlEvidenceQueryOptions, type Evidence, flattenPages, useRemoveEvidence } from './complianceApi';
import { type EvidencePeriodState, periodLabel, periodState } from './evidence';
import { EvidenceFormModal } from './EvidenceFormModal';

/** The period of a piece of evidence, and a badge when it does not count today. */
export function EvidencePeriod({ evidence, today }: { evidence: Evidence; today: string }) {
  const { t, i18n } = useTranslation();
  const state: EvidencePeriodState = periodState(evidence, today);
  return (
    <Stack gap={4} align="flex-start">
      <Text size="sm">{periodLabel(evidence, t, i18n.language)}</Text>
      {state === 'in_effect' ? null : (
        <ReadableBadge color={state === 'expired' ? 'gray' : 'blue'} size="sm" data-state={state}>
          {t(`compliance.evidence.state.${state}`)}
        </ReadableBadge>
      )}
    </Stack>
  );
}

/**
 * The records that show the control is in place: each with its type, its name (a link to it), why it is evidence, its
 * period and who linked it. With `canWrite`, links more records and removes evidence after confirmation.
 */
export function ControlEvidencePanel({ control, canWrite }: { control: Control; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const query = useInfiniteQuery(controlEvidenceQueryOptions(control.id));
  const types = useQuery(linkableTypesQueryOptions());
  const remove = useRemoveEvidence();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Evidence | null>(null);
  const { items, total } = flattenPages(query.data?.pages);
  const typeLabel = (name: string) => types.data?.find((type) => type.name === name)?.label ?? name;
  const today = toDateInput(new Date());
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="center" mb="xs">
        <Title order={2} size="h3" id={headingId}>
          {t('compliance.evidence.title')}
        </Title>
        {canWrite ? (
          <Button
            variant="default"
            size="sm"
            leftSection={<IconLink size={16} aria-hidden />}
            onClick={() => {
              setAdding(true);
            }}
          >
            {t('compliance.evidence.add.open')}
          </Button>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('compliance.evidence.intro')}
      </Text>

      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton height={32} radius="sm" />
          <Skeleton height={32} radius="sm" />
        </Stack>
      ) : null}
      {query.data !== undefined && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {canWrite ? t('compliance.evidence.emptyWriter') : t('compliance.evidence.empty')}
        </Text>
      ) : null}

      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="xs" aria-label={t('compliance.evidence.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('compliance.evidence.columns.type')}</Table.Th>
                <Table.Th>{t('compliance.evidence.columns.record')}</Table.Th>
                <Table.Th>{t('compliance.evidence.columns.description')}</Table.Th>
                <Table.Th>{t('compliance.evidence.columns.period')}</Table.Th>
                <Table.Th>{t('compliance.evidence.columns.added')}</Table.Th>
                {canWrite ? (
                  <Table.Th>
                    <VisuallyHidden>{t('compliance.evidence.columns.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((evidence) => (
                <Table.Tr key={evidence.id} data-evidence-id={evidence.id}>
                  <Table.Td>
                    <Text size="sm">{typeLabel(evidence.entity.type)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="wrap">
                      <EntityAnchor entity={evidence.entity} />
                      {evidence.entity.archived ? (
                        <Badge variant="light" color="gray" tt="none" size="sm">
                          {t('compliance.archived')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {evidence.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <EvidencePeriod evidence={evidence} today={today} />
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {evidence.created_by_name ? <Text size="xs">{evidence.created_by_name}</Text> : null}
                      <AuditTime value={evidence.created_at} size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} />
                    </Stack>
                  </Table.Td>
                  {canWrite ? (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red.9"
                        aria-label={t('compliance.evidence.remove.label', { name: evidence.entity.label })}
                        onClick={() => {
                          setRemoving(evidence);
                        }}
                      >
                        <IconTrash size={16} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  ) : null}
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

      {canWrite ? (
        <>
          <EvidenceFormModal
            opened={adding}
            control={control}
            onClose={() => {
              setAdding(false);
            }}
          />
          <ConfirmModal
            opened={removing !== null}
            title={t('compliance.evidence.remove.title')}
            confirmLabel={t('compliance.evidence.remove.confirm')}
            danger
            onClose={() => {
              setRemoving(null);
            }}
            onConfirm={async () => {
              if (!removing) return;
              await remove.mutateAsync(removing.id);
              notifications.show({ color: 'green', message: t('compliance.evidence.remove.done') });
            }}
          >
            {removing ? t('compliance.evidence.remove.body', { name: removing.entity.label, ref: control.ref }) : ''}
          </ConfirmModal>
        </>
      ) : null}
    </Card>
  );
}
