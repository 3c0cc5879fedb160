import {
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { IconPlus, IconWebhook } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../../lib/api';
import { can, useMe } from '../../../lib/me';
import { AuditTime } from '../../../ui/audit/AuditTime';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { RouterAnchor } from '../../../ui/RouterLinks';
import { EventsSummary, OutcomeBadge, WebhookKindBadge, WebhookStatusBadge } from './WebhookBadges';
import { CreateWebhookModal } from './WebhookFormModal';
import { mergeWebhookSearch, type WebhookSearch } from './webhookSearch';
import { DEFAULT_WEBHOOK_SORT, useWebhooks, type Webhook, WEBHOOK_SORTS } from './webhooksApi';

const routeApi = getRouteApi('/_app/administration/webhooks');

function WebhookRow({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-webhook-id={webhook.id}>
      <Table.Td>
        <RouterAnchor to="/administration/webhooks/$id" params={{ id: webhook.id }} size="sm" fw={500}>
          {webhook.name}
        </RouterAnchor>
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {webhook.url}
        </Text>
      </Table.Td>
      <Table.Td>
        <WebhookKindBadge kind={webhook.kind} />
      </Table.Td>
      <Table.Td>
        <EventsSummary events={webhook.events} />
      </Table.Td>
      <Table.Td>
        <WebhookStatusBadge webhook={webhook} />
      </Table.Td>
      <Table.Td>
        {webhook.last_delivery_at ? (
          <Stack gap={2} align="flex-start">
            <AuditTime value={webhook.last_delivery_at} size="xs" style={{ whiteSpace: 'nowrap' }} />
            {webhook.last_status ? <OutcomeBadge succeeded={webhook.last_status === 'succeeded'} /> : null}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('webhooks.neverDelivered')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <AuditTime value={webhook.created_at} size="xs" style={{ whiteSpace: 'nowrap' }} />
      </Table.Td>
    </Table.Tr>
  );
}

/** Administration → Webhooks: the endpoints that receive the organisation's events as signed JSON POSTs or chat messages. */
export function WebhooksPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const admin = can(me.data, 'administration', 'admin');
  const query = useWebhooks(search);
  const pages = query.data?.pages;
  const webhooks = pages?.flatMap((page) => page.items) ?? [];
  const total = pages?.[pages.length - 1]?.total ?? 0;
  const [creating, setCreating] = useState(false);

  const update = (patch: Partial<WebhookSearch>) => {
    void navigate({ search: (previous) => mergeWebhookSearch(previous, patch), replace: true });
  };
  const fieldErrors: Partial<Record<keyof WebhookSearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof WebhookSearch] ??= fieldErrorMessage(error);
    }
  }
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page
      title={t('webhooks.title')}
      description={t('webhooks.description')}
      actions={
        admin ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setCreating(true);
            }}
          >
            {t('webhooks.create.open')}
          </Button>
        ) : null
      }
    >
      <Card withBorder padding="md" radius="md">
        <SimpleGrid
          cols={{ base: 1, sm: 3 }}
          spacing="sm"
          style={{ alignItems: 'end' }}
          component="section"
          aria-label={t('webhooks.filters.label')}
        >
          <Select
            label={t('webhooks.filters.sort')}
            data={WEBHOOK_SORTS.map((sort) => ({ value: sort, label: t(`webhooks.sort.${sort}`) }))}
            value={search.sort ?? DEFAULT_WEBHOOK_SORT}
            onChange={(sort) => {
              if (sort) update({ sort });
            }}
            allowDeselect={false}
            error={fieldErrors.sort}
          />
          <Switch
            label={t('webhooks.filters.includeArchived')}
            checked={search.include_archived ?? false}
            onChange={(event) => {
              update({ include_archived: event.currentTarget.checked });
            }}
            mb={8}
          />
        </SimpleGrid>
      </Card>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 3 }, (_, index) => (
            <Skeleton key={index} height={44} radius="sm" />
          ))}
        </Stack>
      ) : null}

      {query.data !== undefined && webhooks.length === 0 ? (
        <EmptyState
          icon={<IconWebhook size={32} aria-hidden />}
          title={t('webhooks.empty.title')}
          description={admin ? t('webhooks.empty.bodyAdmin') : t('webhooks.empty.body')}
        >
          {admin ? (
            <EmptyState.Actions>
              <Button
                variant="default"
                onClick={() => {
                  setCreating(true);
                }}
              >
                {t('webhooks.create.open')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {webhooks.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={920}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('webhooks.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.fields.name')}</Table.Th>
                  <Table.Th>{t('webhooks.fields.kind')}</Table.Th>
                  <Table.Th>{t('webhooks.fields.events')}</Table.Th>
                  <Table.Th>{t('webhooks.fields.status')}</Table.Th>
                  <Table.Th>{t('webhooks.fields.lastDelivery')}</Table.Th>
                  <Table.Th>{t('webhooks.fields.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {webhooks.map((webhook) => (
                  <WebhookRow key={webhook.id} webhook={webhook} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.isError ? (
            <QueryError
              error={query.error}
              onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())}
            />
          ) : null}
          <Group justify="space-between" align="center">
            <Group gap="xs">
              <Text size="sm" role="status">
                {t('webhooks.count', { shown: number.format(webhooks.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('webhooks.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      {admin ? (
        <CreateWebhookModal
          opened={creating}
          onClose={() => {
            setCreating(false);
          }}
        />
      ) : null}
    </Page>
  );
}
