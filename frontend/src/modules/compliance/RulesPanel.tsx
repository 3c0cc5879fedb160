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
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import { AuditTime } from '../../ui/audit/AuditTime';
import { QueryError } from '../../ui/QueryError';
import { DANGER_TEXT } from '../../ui/tones';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { Day } from '../assets/AssetBadges';
import { ConflictAlert } from '../assets/ConflictAlert';
import { RuleStatusBadge } from './ComplianceBadges';
import { type Control, controlRulesQueryOptions, type Rule, type RuleTarget, ruleTargetsQueryOptions, useDeleteRule } from './complianceApi';
import { RuleFormModal } from './RuleFormModal';

/** "Type of maintenance: preventive, corrective · …", or "Any record" without criteria. */
function criteriaSummary(rule: Rule, target: RuleTarget | undefined, t: TFunction): string {
  const parts = Object.entries(rule.criteria)
    .filter(([, values]) => values.length > 0)
    .map(([name, values]) => {
      const label = target?.criteria.find((criterion) => criterion.name === name)?.label ?? name;
      return `${label}: ${values.join(', ')}`;
    });
  return parts.length > 0 ? parts.join(' · ') : t('compliance.rules.anyRecord');
}

type Dialog = { kind: 'create' } | { kind: 'edit'; rule: Rule } | { kind: 'delete'; rule: Rule } | null;

/**
 * The control's automated rules, each with what it watches, its criteria, scope, frequency and grace period, and its
 * live status: the newest matching record and when the next one is due. With `canWrite`, adds, changes and deletes
 * rules (with the `If-Match` of the version listed; a stale one says so and offers to reload).
 */
export function RulesPanel({ control, canWrite }: { control: Control; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const rules = useQuery(controlRulesQueryOptions(control.id));
  const targets = useQuery(ruleTargetsQueryOptions());
  const remove = useDeleteRule();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [conflict, setConflict] = useState(false);
  const targetOf = (name: string) => targets.data?.find((target) => target.name === name);
  const nameOf = (rule: Rule) => targetOf(rule.target)?.label ?? rule.target;
  const items = rules.data ?? [];
  const close = () => {
    setDialog(null);
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="center" mb="xs">
        <Title order={2} size="h3" id={headingId}>
          {t('compliance.rules.title')}
        </Title>
        {canWrite ? (
          <Button
            variant="default"
            size="sm"
            leftSection={<IconPlus size={16} aria-hidden />}
            disabled={!targets.data}
            onClick={() => {
              setDialog({ kind: 'create' });
            }}
          >
            {t('compliance.rules.create.open')}
          </Button>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('compliance.rules.intro')}
      </Text>

      {conflict ? (
        <Stack mb="md">
          <ConflictAlert
            body={t('compliance.rules.delete.conflictBody')}
            onReload={async () => {
              await rules.refetch();
              setConflict(false);
            }}
          />
        </Stack>
      ) : null}
      {rules.isError ? <QueryError error={rules.error} onRetry={() => void rules.refetch()} /> : null}
      {targets.isError ? <QueryError error={targets.error} onRetry={() => void targets.refetch()} /> : null}
      {rules.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton height={32} radius="sm" />
          <Skeleton height={32} radius="sm" />
        </Stack>
      ) : null}
      {rules.data !== undefined && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {canWrite ? t('compliance.rules.emptyWriter') : t('compliance.rules.empty')}
        </Text>
      ) : null}

      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" aria-label={t('compliance.rules.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('compliance.rules.columns.target')}</Table.Th>
                <Table.Th>{t('compliance.rules.columns.criteria')}</Table.Th>
                <Table.Th>{t('compliance.rules.columns.scope')}</Table.Th>
                <Table.Th>{t('compliance.rules.columns.frequency')}</Table.Th>
                <Table.Th>{t('compliance.rules.columns.status')}</Table.Th>
                <Table.Th>{t('compliance.rules.columns.newest')}</Table.Th>
                <Table.Th>{t('compliance.rules.columns.nextDue')}</Table.Th>
                {canWrite ? (
                  <Table.Th>
                    <VisuallyHidden>{t('compliance.rules.columns.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((rule) => {
                const overdue = rule.enabled && rule.status === 'non_compliant';
                return (
                  <Table.Tr key={rule.id} data-rule-id={rule.id}>
                    <Table.Td>
                      <Stack gap={2}>
                        <Text size="sm" fw={500}>
                          {nameOf(rule)}
                        </Text>
                        {rule.description ? (
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                            {rule.description}
                          </Text>
                        ) : null}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{criteriaSummary(rule, targetOf(rule.target), t)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`compliance.rules.scopes.${rule.scope}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {t('compliance.rules.frequency', {
                          count: rule.frequency_days,
                          formatted: new Intl.NumberFormat(i18n.language).format(rule.frequency_days),
                        })}
                      </Text>
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                        {rule.grace_days > 0
                          ? t('compliance.rules.grace', {
                              count: rule.grace_days,
                              formatted: new Intl.NumberFormat(i18n.language).format(rule.grace_days),
                            })
                          : t('compliance.rules.noGrace')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <RuleStatusBadge status={rule.status} />
                        {rule.enabled ? null : (
                          <Badge variant="outline" color="gray" tt="none" size="sm">
                            {t('compliance.rules.disabled')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      {rule.newest_at ? (
                        <AuditTime value={rule.newest_at} size="sm" />
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('compliance.rules.noRecord')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Day
                        value={rule.next_due}
                        style={overdue && rule.next_due ? { color: DANGER_TEXT, whiteSpace: 'nowrap' } : { whiteSpace: 'nowrap' }}
                      />
                    </Table.Td>
                    {canWrite ? (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={t('compliance.rules.edit.label', { name: nameOf(rule) })}
                            disabled={!targets.data}
                            onClick={() => {
                              setDialog({ kind: 'edit', rule });
                            }}
                          >
                            <IconPencil size={16} aria-hidden />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red.9"
                            aria-label={t('compliance.rules.delete.label', { name: nameOf(rule) })}
                            onClick={() => {
                              setDialog({ kind: 'delete', rule });
                            }}
                          >
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}

      {canWrite && targets.data && (dialog?.kind === 'create' || dialog?.kind === 'edit') ? (
        <RuleFormModal
          key={dialog.kind === 'edit' ? dialog.rule.id : 'new'}
          opened
          controlId={control.id}
          targets={targets.data}
          rule={dialog.kind === 'edit' ? dialog.rule : undefined}
          onClose={close}
        />
      ) : null}
      {canWrite ? (
        <ConfirmModal
          opened={dialog?.kind === 'delete'}
          title={t('compliance.rules.delete.title')}
          confirmLabel={t('compliance.rules.delete.confirm')}
          danger
          onClose={close}
          onConfirm={async () => {
            if (dialog?.kind !== 'delete') return;
            try {
              await remove.mutateAsync(dialog.rule);
            } catch (thrown) {
              // A stale version: say so next to the rules, where the reload is (the dialog closes).
              if (toApiError(thrown).isPreconditionFailed) {
                setConflict(true);
                return;
              }
              throw thrown;
            }
            setConflict(false);
            notifications.show({ color: 'green', message: t('compliance.rules.delete.done', { name: nameOf(dialog.rule) }) });
          }}
        >
          {dialog?.kind === 'delete' ? t('compliance.rules.delete.body', { name: nameOf(dialog.rule), ref: control.ref }) : ''}
        </ConfirmModal>
      ) : null}
    </Card>
  );
}
