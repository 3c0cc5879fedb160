import { Alert, Button, Card, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, toApiError, type Versioned } from '../../lib/api';
import { AuditTime } from '../../ui/audit/AuditTime';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { flattenPages, versionedEtag } from '../assets/assetsApi';
import { ConflictAlert } from '../assets/ConflictAlert';
import { ItemSelect } from '../assets/ItemPicker';
import { ListFooter, ListSkeleton } from '../assets/ListParts';
import { PersonSelect } from '../data/PersonSelect';
import { type Licence, type LicenceSeat, useAssignSeat, useReleaseSeat, useSeats } from './softwareApi';

type HolderKind = 'person' | 'asset';

function fieldError(error: ApiError | null, field: string): string | undefined {
  return error?.errors.find((item) => item.field === field)?.message;
}

/** Gives a seat to a person or a device; the server's refusals (full, expired, already holds one) show in place. */
function AssignSeat({ licence, reload }: { licence: Versioned<Licence>; reload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const assign = useAssignSeat(licence.data.id);
  const [kind, setKind] = useState<HolderKind>('person');
  const [holder, setHolder] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState(false);
  const field = kind === 'person' ? 'user_id' : 'asset_id';
  const holderError = fieldError(error, field);
  const unmatched = error?.errors.filter((item) => item.field !== field && item.field !== 'note') ?? [];

  const submit = async () => {
    setError(null);
    if (holder === null) {
      setError(null);
      return;
    }
    try {
      await assign.mutateAsync({
        body: kind === 'person' ? { user_id: holder, note: note.trim() || undefined } : { asset_id: holder, note: note.trim() || undefined },
        etag: versionedEtag(licence),
      });
      notifications.show({ color: 'green', message: t('software.seats.assigned') });
      setHolder(null);
      setNote('');
    } catch (thrown) {
      const problem = toApiError(thrown);
      if (problem.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      setError(problem);
    }
  };

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="assign-seat">
      <Stack gap="sm">
        <Title order={2} size="h4" id="assign-seat">
          {t('software.seats.assignTitle')}
        </Title>
        {conflict ? (
          <ConflictAlert
            body={t('software.seats.conflictBody')}
            onReload={async () => {
              await reload();
              setConflict(false);
            }}
          />
        ) : null}
        {error && (unmatched.length > 0 || error.errors.length === 0) ? <ProblemAlert error={error} unmatched={unmatched} /> : null}
        <SegmentedControl
          aria-label={t('software.seats.holderKind')}
          value={kind}
          onChange={(value) => {
            setKind(value);
            setHolder(null);
            setError(null);
          }}
          data={[
            { value: 'person', label: t('software.seats.person') },
            { value: 'asset', label: t('software.seats.asset') },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
        <Group align="flex-end" gap="sm" wrap="wrap">
          {kind === 'person' ? (
            <PersonSelect label={t('software.seats.person')} value={holder} onChange={setHolder} error={holderError} required />
          ) : (
            <ItemSelect kind="asset" label={t('software.seats.asset')} value={holder} onChange={setHolder} error={holderError} required />
          )}
          <TextInput
            label={t('software.seats.note')}
            value={note}
            maxLength={500}
            onChange={(event) => {
              setNote(event.currentTarget.value);
            }}
            error={fieldError(error, 'note')}
          />
          <Button
            leftSection={<IconUserPlus size={16} aria-hidden />}
            loading={assign.isPending}
            disabled={holder === null || conflict}
            onClick={() => {
              void submit();
            }}
          >
            {t('software.seats.assign')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function holderOf(seat: LicenceSeat) {
  return seat.user_id ? (
    <Text size="sm">{seat.user_name ?? seat.user_id}</Text>
  ) : seat.asset_id ? (
    <RouterAnchor to="/assets/$id" params={{ id: seat.asset_id }} size="sm">
      {seat.asset_name ?? seat.asset_id}
    </RouterAnchor>
  ) : null;
}

/** A licence's seats: who or which device holds each, with assign and release for writers. */
export function LicenceSeats({
  licence,
  canWrite,
  reload,
}: {
  licence: Versioned<Licence>;
  canWrite: boolean;
  reload: () => Promise<unknown>;
}) {
  const { t, i18n } = useTranslation();
  const query = useSeats(licence.data.id);
  const release = useReleaseSeat(licence.data.id);
  const { items, total } = flattenPages(query.data?.pages);
  const [releasing, setReleasing] = useState<LicenceSeat | null>(null);
  const data = licence.data;
  const blocked = data.archived_at ? t('software.seats.archivedNotice') : data.status === 'expired' ? t('software.seats.expiredNotice') : null;
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Stack gap="md">
      {canWrite && blocked ? (
        <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />}>
          {blocked}
        </Alert>
      ) : null}
      {canWrite && !blocked ? (
        data.status === 'in_use' ? (
          <Alert color="orange" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t('software.seats.fullNotice')}
          </Alert>
        ) : (
          <AssignSeat licence={licence} reload={reload} />
        )
      ) : null}
      {query.isPending ? <ListSkeleton rows={3} /> : null}
      {query.isError && query.data === undefined ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data !== undefined && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('software.seats.empty')}
        </Text>
      ) : null}
      {items.length > 0 ? (
        <>
          <Table.ScrollContainer minWidth={700}>
            <Table verticalSpacing="xs" aria-label={t('software.seats.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('software.seats.holder')}</Table.Th>
                  <Table.Th>{t('software.seats.kind')}</Table.Th>
                  <Table.Th>{t('software.seats.note')}</Table.Th>
                  <Table.Th>{t('software.seats.assignedAt')}</Table.Th>
                  <Table.Th>{t('software.seats.assignedBy')}</Table.Th>
                  {canWrite ? <Table.Th>{t('software.seats.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((seat) => (
                  <Table.Tr key={seat.id}>
                    <Table.Td>{holderOf(seat)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{seat.user_id ? t('software.seats.person') : t('software.seats.asset')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{seat.note}</Text>
                    </Table.Td>
                    <Table.Td>
                      <AuditTime value={seat.assigned_at} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{seat.assigned_by_name}</Text>
                    </Table.Td>
                    {canWrite ? (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          leftSection={<IconUserMinus size={14} aria-hidden />}
                          onClick={() => {
                            setReleasing(seat);
                          }}
                          aria-label={t('software.seats.releaseOf', { holder: seat.user_name ?? seat.asset_name ?? '' })}
                        >
                          {t('software.seats.release')}
                        </Button>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListFooter
            query={query}
            count={t('software.seats.count', { shown: number.format(items.length), total: number.format(total), count: total })}
          />
        </>
      ) : null}
      <ConfirmModal
        opened={releasing !== null}
        title={t('software.seats.releaseTitle', { holder: releasing?.user_name ?? releasing?.asset_name ?? '' })}
        confirmLabel={t('software.seats.release')}
        danger
        onClose={() => {
          setReleasing(null);
        }}
        onConfirm={async () => {
          if (!releasing) return;
          await release.mutateAsync({ seatId: releasing.id, etag: versionedEtag(licence) });
          notifications.show({ color: 'green', message: t('software.seats.released') });
        }}
      >
        {t('software.seats.releaseBody')}
      </ConfirmModal>
    </Stack>
  );
}
