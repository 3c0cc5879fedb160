import {
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconFilterOff, IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMessage, normalizeFieldPath, toApiError } from '../../../lib/api';
import { formatDateTime } from '../../../lib/intl';
import { can, useMe } from '../../../lib/me';
import { DebouncedTextInput } from '../../../ui/DebouncedTextInput';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { RouterAnchor } from '../../../ui/RouterLinks';
import {
  DEFAULT_MEMBER_SORT,
  flattenPages,
  type Member,
  MEMBER_SORTS,
  MEMBER_STATUSES,
  rolesQueryOptions,
  useMembers,
} from './accessApi';
import { type MemberSearch, hasMemberFilters, mergeMemberSearch } from './accessSearch';
import { InviteMemberModal } from './InviteMemberModal';
import { MemberActions } from './MemberActions';
import { MemberStatusBadge, MfaBadge } from './MemberBadges';

const routeApi = getRouteApi('/_app/administration/members');

function RefBadges({ refs, empty }: { refs: readonly { id: string; name: string }[]; empty: string }) {
  if (refs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {refs.map((ref) => (
        <Badge key={ref.id} variant="default" size="sm" tt="none">
          {ref.name}
        </Badge>
      ))}
    </Group>
  );
}

function MemberRow({ member, admin }: { member: Member; admin: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr data-member-id={member.user_id}>
      <Table.Td>
        <RouterAnchor
          size="sm"
          fw={500}
          to="/administration/members/$userId"
          params={{ userId: member.user_id }}
        >
          {member.name || member.email}
        </RouterAnchor>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {member.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <RefBadges refs={member.roles} empty={t('members.noRoles')} />
      </Table.Td>
      <Table.Td>
        <RefBadges refs={member.groups} empty={t('members.noGroups')} />
      </Table.Td>
      <Table.Td>
        <MemberStatusBadge member={member} />
      </Table.Td>
      <Table.Td>
        <MfaBadge enabled={member.mfa_enabled} />
      </Table.Td>
      <Table.Td>
        {member.last_login_at ? (
          <Tooltip label={member.last_login_at} openDelay={300}>
            <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
              {formatDateTime(member.last_login_at, i18n.language)}
            </Text>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            {t('members.neverSignedIn')}
          </Text>
        )}
      </Table.Td>
      {admin ? (
        <Table.Td>
          <MemberActions member={member} variant="menu" />
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function MemberFilters({
  search,
  onChange,
  onClear,
  errors,
}: {
  search: MemberSearch;
  onChange: (patch: Partial<MemberSearch>) => void;
  onClear: () => void;
  errors: Partial<Record<keyof MemberSearch, string>>;
}) {
  const { t } = useTranslation();
  const roles = useQuery(rolesQueryOptions());
  const roleOptions = (roles.data ?? []).map((role) => ({ value: role.id, label: role.name }));
  // A shared link may name a role that is archived since: keep it choosable so the filter shows.
  if (search.role_id && !roleOptions.some((option) => option.value === search.role_id)) {
    roleOptions.push({ value: search.role_id, label: search.role_id });
  }
  return (
    <Stack gap="sm" component="section" aria-label={t('members.filters.label')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <DebouncedTextInput
          label={t('members.filters.q')}
          placeholder={t('members.filters.qPlaceholder')}
          type="search"
          maxLength={200}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search.q ?? ''}
          onCommit={(q) => {
            onChange({ q });
          }}
          error={errors.q}
        />
        <Select
          label={t('members.filters.status')}
          placeholder={t('members.filters.anyStatus')}
          data={MEMBER_STATUSES.map((status) => ({ value: status, label: t(`members.status.${status}`) }))}
          value={search.status ?? null}
          onChange={(status) => {
            onChange({ status: (status ?? undefined) });
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('members.filters.clearStatus') }}
          error={errors.status}
        />
        <Select
          label={t('members.filters.role')}
          placeholder={t('members.filters.anyRole')}
          data={roleOptions}
          value={search.role_id ?? null}
          onChange={(roleId) => {
            onChange({ role_id: roleId ?? undefined });
          }}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('members.filters.clearRole') }}
          error={errors.role_id}
        />
        <Select
          label={t('members.filters.sort')}
          data={MEMBER_SORTS.map((sort) => ({ value: sort, label: t(`members.sort.${sort}`) }))}
          value={search.sort ?? DEFAULT_MEMBER_SORT}
          onChange={(sort) => {
            if (sort) onChange({ sort: sort });
          }}
          allowDeselect={false}
          error={errors.sort}
        />
      </SimpleGrid>
      {hasMemberFilters(search) ? (
        <Group>
          <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={onClear}>
            {t('members.filters.clear')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** Administration → Members: the people of the organisation, filtered and sorted by the server; invite and manage. */
export function MembersPage() {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const admin = can(me.data, 'administration', 'admin');
  const query = useMembers(search);
  const { items: members, total } = flattenPages(query.data?.pages);
  const [inviting, setInviting] = useState(false);

  const update = (patch: Partial<MemberSearch>) => {
    void navigate({ search: (previous) => mergeMemberSearch(previous, patch), replace: true });
  };
  const clearFilters = () => {
    void navigate({ search: search.sort ? { sort: search.sort } : {}, replace: true });
  };

  // A 400 names the parameter it refused: show it on that filter.
  const fieldErrors: Partial<Record<keyof MemberSearch, string>> = {};
  if (query.isError) {
    for (const error of toApiError(query.error).errors) {
      fieldErrors[normalizeFieldPath(error.field) as keyof MemberSearch] ??= fieldErrorMessage(error);
    }
  }

  const filtered = hasMemberFilters(search);
  const updating = query.isPlaceholderData;
  const number = new Intl.NumberFormat(i18n.language);

  return (
    <Page
      title={t('members.title')}
      description={t('members.description')}
      actions={
        admin ? (
          <Button
            leftSection={<IconUserPlus size={16} aria-hidden />}
            onClick={() => {
              setInviting(true);
            }}
          >
            {t('members.invite.open')}
          </Button>
        ) : null
      }
    >
      <Card withBorder padding="md" radius="md">
        <MemberFilters search={search} onChange={update} onClear={clearFilters} errors={fieldErrors} />
      </Card>

      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}

      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} height={36} radius="sm" />
          ))}
        </Stack>
      ) : null}

      {query.data !== undefined && members.length === 0 ? (
        <EmptyState
          icon={<IconUsers size={32} aria-hidden />}
          title={filtered ? t('members.empty.filteredTitle') : t('members.empty.title')}
          description={filtered ? t('members.empty.filteredBody') : t('members.empty.body')}
        >
          {filtered ? (
            <EmptyState.Actions>
              <Button variant="default" onClick={clearFilters}>
                {t('members.filters.clear')}
              </Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      ) : null}

      {members.length > 0 ? (
        <Stack gap="sm">
          <Table.ScrollContainer minWidth={980}>
            <Table
              highlightOnHover
              verticalSpacing="xs"
              aria-label={t('members.tableLabel')}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('members.fields.name')}</Table.Th>
                  <Table.Th>{t('members.fields.email')}</Table.Th>
                  <Table.Th>{t('members.fields.roles')}</Table.Th>
                  <Table.Th>{t('members.fields.groups')}</Table.Th>
                  <Table.Th>{t('members.fields.status')}</Table.Th>
                  <Table.Th>{t('members.fields.mfa')}</Table.Th>
                  <Table.Th>{t('members.fields.lastSignIn')}</Table.Th>
                  {admin ? (
                    <Table.Th>
                      <VisuallyHidden>{t('members.actionsColumn')}</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.map((member) => (
                  <MemberRow key={member.user_id} member={member} admin={admin} />
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
                {t('members.count', { shown: number.format(members.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('members.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}

      {admin ? (
        <InviteMemberModal
          opened={inviting}
          onClose={() => {
            setInviting(false);
          }}
        />
      ) : null}
    </Page>
  );
}
