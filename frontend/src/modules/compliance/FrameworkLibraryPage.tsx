import { Anchor, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCircleCheck, IconExternalLink, IconPlayerPlay } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor, RouterButton } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { type LibraryFramework, libraryQueryOptions, useActivateLibraryFramework } from './complianceApi';

function Counts({ framework }: { framework: LibraryFramework }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const counts = [
    { key: 'groups', value: framework.groups },
    { key: 'controls', value: framework.controls },
    { key: 'requirements', value: framework.requirements },
  ] as const;
  return (
    <Group gap="xs">
      {counts
        .filter((count) => count.value > 0 || count.key === 'controls')
        .map((count) => (
          <Badge key={count.key} variant="light" color="gray" tt="none">
            {t(`compliance.library.counts.${count.key}`, { count: count.value, formatted: number.format(count.value) })}
          </Badge>
        ))}
    </Group>
  );
}

function LibraryCard({
  framework,
  writer,
  onActivate,
}: {
  framework: LibraryFramework;
  writer: boolean;
  onActivate: () => void;
}) {
  const { t } = useTranslation();
  const headingId = `library-${framework.key}`;
  return (
    <Card withBorder padding="lg" radius="md" component="article" aria-labelledby={headingId} data-library-key={framework.key}>
      <Stack gap="sm" h="100%">
        <Stack gap={2}>
          <Title order={2} size="h4" id={headingId}>
            {framework.name}
          </Title>
          <Text size="sm" c="dimmed">
            {[framework.publisher, framework.edition ? t('compliance.library.edition', { edition: framework.edition }) : '']
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
        <Counts framework={framework} />
        <Text size="sm" lineClamp={5} style={{ flexGrow: 1 }}>
          {framework.description}
        </Text>
        {framework.source_url ? (
          <Anchor href={framework.source_url} target="_blank" rel="noopener noreferrer" size="sm">
            <Group gap={4} component="span" wrap="nowrap">
              {t('compliance.library.source')}
              <IconExternalLink size={14} aria-hidden />
            </Group>
          </Anchor>
        ) : null}
        <Group justify="space-between" align="center">
          {framework.framework_id ? (
            <>
              <Group gap={4}>
                <IconCircleCheck size={18} color="var(--mantine-color-green-filled)" aria-hidden />
                <Text size="sm" fw={500}>
                  {t('compliance.library.activated')}
                </Text>
              </Group>
              <RouterAnchor to="/compliance/frameworks/$id" params={{ id: framework.framework_id }} size="sm">
                {t('compliance.library.open', { name: framework.name })}
              </RouterAnchor>
            </>
          ) : writer ? (
            <Button
              leftSection={<IconPlayerPlay size={16} aria-hidden />}
              onClick={onActivate}
              aria-label={t('compliance.library.activateNamed', { name: framework.name })}
            >
              {t('compliance.library.activate')}
            </Button>
          ) : (
            <Text size="sm" c="dimmed">
              {t('compliance.library.notActivated')}
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

/** Compliance → the framework library: the frameworks shipped with OpsDeck, each activated once per organisation. */
export function FrameworkLibraryPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const writer = can(me.data, 'compliance', 'write');
  const query = useQuery(libraryQueryOptions());
  const activate = useActivateLibraryFramework();
  const [confirming, setConfirming] = useState<LibraryFramework | null>(null);

  return (
    <Page
      title={t('compliance.library.title')}
      description={t('compliance.library.description')}
      actions={
        <RouterButton variant="subtle" to="/compliance" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('compliance.backToFrameworks')}
        </RouterButton>
      }
    >
      {query.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={220} radius="md" />
          ))}
        </SimpleGrid>
      ) : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {query.data.map((framework) => (
            <LibraryCard
              key={framework.key}
              framework={framework}
              writer={writer}
              onActivate={() => {
                setConfirming(framework);
              }}
            />
          ))}
        </SimpleGrid>
      ) : null}
      <ConfirmModal
        opened={confirming !== null}
        title={t('compliance.library.confirmTitle', { name: confirming?.name ?? '' })}
        confirmLabel={t('compliance.library.activate')}
        onClose={() => {
          setConfirming(null);
        }}
        onConfirm={async () => {
          if (!confirming) return;
          const framework = await activate.mutateAsync(confirming.key);
          notifications.show({ color: 'green', message: t('compliance.library.done', { name: framework.name }) });
          void navigate({ to: '/compliance/frameworks/$id', params: { id: framework.id } });
        }}
      >
        {t('compliance.library.confirmBody')}
      </ConfirmModal>
    </Page>
  );
}
