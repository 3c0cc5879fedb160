import { Card, Group, Progress, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditTime } from '../../ui/audit/AuditTime';
import { QueryError } from '../../ui/QueryError';
import { ControlStatusBadge } from './ComplianceBadges';
import { CONTROL_STATUSES, type FrameworkStatus, STATUS_COLOURS } from './complianceApi';

/** The statuses that make up the score's bar: every applicable control has one of them. */
const APPLICABLE_STATUSES = CONTROL_STATUSES.filter((status) => status !== 'not_applicable');

/**
 * The framework's compliance at a glance, from its status (one request for the whole framework): the score
 * ((compliant + manual) ÷ applicable), a bar of the applicable controls by status, and the count of each status.
 */
export function FrameworkStatusSummary({ query }: { query: UseQueryResult<FrameworkStatus> }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const number = new Intl.NumberFormat(i18n.language);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const status = query.data;
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="baseline" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id={headingId}>
          {t('compliance.statusSummary.title')}
        </Title>
        {status ? (
          <Group gap={4} wrap="nowrap">
            <Text size="xs" c="dimmed">
              {t('compliance.statusSummary.computedAt')}
            </Text>
            <AuditTime value={status.computed_at} size="xs" c="dimmed" />
          </Group>
        ) : null}
      </Group>
      {query.isPending ? <Skeleton height={80} radius="sm" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {status ? (
        <Stack gap="sm">
          <Group gap="lg" align="center" wrap="nowrap">
            <Stack gap={0} style={{ flexShrink: 0 }}>
              <Text size="xs" c="dimmed">
                {t('compliance.statusSummary.score')}
              </Text>
              <Text fw={700} fz={28} data-stat="score">
                {status.score === null ? '—' : percent.format(status.score)}
              </Text>
            </Stack>
            {status.applicable > 0 ? (
              <Progress.Root size="lg" radius="sm" style={{ flexGrow: 1 }} aria-hidden>
                {APPLICABLE_STATUSES.map((key) =>
                  status.counts[key] > 0 ? (
                    <Progress.Section key={key} value={(status.counts[key] / status.applicable) * 100} color={STATUS_COLOURS[key]} />
                  ) : null,
                )}
              </Progress.Root>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            {status.score === null
              ? t('compliance.statusSummary.noApplicable')
              : t('compliance.statusSummary.scoreHelp', {
                  count: status.applicable,
                  applicable: number.format(status.applicable),
                })}
          </Text>
          <SimpleGrid
            cols={{ base: 2, xs: 3, md: 6 }}
            spacing="xs"
            component="dl"
            m={0}
            aria-label={t('compliance.statusSummary.counts')}
          >
            {CONTROL_STATUSES.map((key) => (
              <Stack key={key} gap={4} align="flex-start">
                <dt>
                  <ControlStatusBadge status={key} />
                </dt>
                <Text component="dd" size="lg" fw={600} m={0} data-stat={key}>
                  {number.format(status.counts[key])}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
        </Stack>
      ) : null}
    </Card>
  );
}
