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
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconArrowRight, IconLink, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditTime } from '../../ui/audit/AuditTime';
import { QueryError } from '../../ui/QueryError';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { AddLinkModal } from './AddLinkModal';
import { linkableTypesQueryOptions } from './dataApi';
import { EntityAnchor } from './EntityAnchor';
import { type Link, linksQueryOptions, useDeleteLink } from './linksApi';

export interface LinksPanelProps {
  entityType: string;
  entityId: string;
  /** May add and remove links (write on the record's module). */
  canWrite: boolean;
}

function RelationCell({ link }: { link: Link }) {
  const { t } = useTranslation();
  const outgoing = link.direction === 'outgoing';
  const direction = outgoing ? t('links.outgoing') : t('links.incoming');
  const Arrow = outgoing ? IconArrowRight : IconArrowLeft;
  return (
    <Group gap={6} wrap="nowrap">
      <Tooltip label={direction}>
        <Arrow size={16} role="img" aria-label={direction} />
      </Tooltip>
      <Text size="sm">{outgoing ? t(`links.relations.${link.relation}`) : t(`links.inverse.${link.relation}`)}</Text>
    </Group>
  );
}

/**
 * The links of one record, in both directions: what it is to other records (outgoing) and what they are to it
 * (incoming), each with the other record's type, name (a link to it), note and who added it. With `canWrite`, adds links
 * from this record and removes links after confirmation.
 */
export function LinksPanel({ entityType, entityId, canWrite }: LinksPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const links = useQuery(linksQueryOptions(entityType, entityId));
  const types = useQuery(linkableTypesQueryOptions());
  const remove = useDeleteLink();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Link | null>(null);
  const typeLabel = (name: string) => types.data?.find((type) => type.name === name)?.label ?? name;
  const items = links.data?.items ?? [];

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="center" mb="md">
        <Title order={2} size="h3" id={headingId}>
          {t('links.title')}
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
            {t('links.add.open')}
          </Button>
        ) : null}
      </Group>

      {links.isError ? <QueryError error={links.error} onRetry={() => void links.refetch()} /> : null}
      {links.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton height={32} radius="sm" />
          <Skeleton height={32} radius="sm" />
        </Stack>
      ) : null}
      {links.data !== undefined && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {canWrite ? t('links.emptyWriter') : t('links.empty')}
        </Text>
      ) : null}

      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" aria-label={t('links.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('links.columns.relation')}</Table.Th>
                <Table.Th>{t('links.columns.type')}</Table.Th>
                <Table.Th>{t('links.columns.entity')}</Table.Th>
                <Table.Th>{t('links.columns.note')}</Table.Th>
                <Table.Th>{t('links.columns.added')}</Table.Th>
                {canWrite ? (
                  <Table.Th>
                    <VisuallyHidden>{t('links.columns.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((link) => (
                <Table.Tr key={link.id} data-link-id={link.id}>
                  <Table.Td>
                    <RelationCell link={link} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{typeLabel(link.other.type)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="wrap">
                      <EntityAnchor entity={link.other} />
                      {link.other.archived ? (
                        <Badge variant="light" color="gray" tt="none" size="sm">
                          {t('links.archived')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={link.note ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap' }}>
                      {link.note || t('links.noNote')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {link.created_by ? <Text size="xs">{link.created_by}</Text> : null}
                      <AuditTime value={link.created_at} size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} />
                    </Stack>
                  </Table.Td>
                  {canWrite ? (
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        color="red.9"
                        aria-label={t('links.remove.label', { name: link.other.label })}
                        onClick={() => {
                          setRemoving(link);
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

      {canWrite ? (
        <>
          <AddLinkModal
            opened={adding}
            entityType={entityType}
            entityId={entityId}
            onClose={() => {
              setAdding(false);
            }}
          />
          <ConfirmModal
            opened={removing !== null}
            title={t('links.remove.title')}
            confirmLabel={t('links.remove.confirm')}
            danger
            onClose={() => {
              setRemoving(null);
            }}
            onConfirm={async () => {
              if (!removing) return;
              await remove.mutateAsync(removing.id);
              notifications.show({ color: 'green', message: t('links.remove.done') });
            }}
          >
            {removing ? t('links.remove.body', { name: removing.other.label }) : ''}
          </ConfirmModal>
        </>
      ) : null}
    </Card>
  );
}
