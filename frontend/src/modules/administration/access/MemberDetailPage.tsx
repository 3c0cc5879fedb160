import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconLock, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, client, toApiError, unwrapVersioned, type Versioned } from '../../../lib/api';
import { formatDateTime } from '../../../lib/intl';
import { can, useMe } from '../../../lib/me';
import { EntityHistory } from '../../../ui/audit/EntityHistory';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { RouterButton } from '../../../ui/RouterLinks';
import {
  etagOfVersioned,
  type Member,
  type MemberPatch,
  memberQueryOptions,
  useInvalidateAccess,
} from './accessApi';
import { MemberActions } from './MemberActions';
import { MemberStatusBadge, MfaBadge } from './MemberBadges';
import {
  buildMemberPatch,
  createMemberDetailsSchema,
  MEMBER_DETAILS_FIELDS,
  type MemberDetailsValues,
  toMemberDetailsValues,
} from './memberForm';
import { MemberSelect } from './MemberSelect';

const routeApi = getRouteApi('/_app/administration/members/$userId');

/** The audit trail names a member's organisation record this way (backend identity.Membership). */
export const MEMBER_AUDIT_ENTITY_TYPE = 'membership';

function useUpdateMember(userId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateAccess();
  return useMutation({
    mutationFn: ({ patch, etag }: { patch: MemberPatch; etag: string }): Promise<Versioned<Member>> =>
      unwrapVersioned(
        client.PATCH('/members/{user_id}', {
          params: { path: { user_id: userId }, header: { 'If-Match': etag } },
          body: patch,
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(memberQueryOptions(userId).queryKey, saved);
      void invalidate();
    },
  });
}

interface DetailsFormProps {
  member: Versioned<Member>;
  /** Version in the cache, which background refetches keep current. */
  latestVersion: number;
  readOnly: boolean;
  onSaved: (saved: Versioned<Member>) => void;
  onReload: () => void;
  reloading: boolean;
}

function DetailsForm({ member, latestVersion, readOnly, onSaved, onReload, reloading }: DetailsFormProps) {
  const { t } = useTranslation();
  const userId = member.data.user_id;
  const schema = useMemo(() => createMemberDetailsSchema(t, userId), [t, userId]);
  const original = useMemo(() => toMemberDetailsValues(member.data), [member.data]);
  const form = useForm<MemberDetailsValues>({ resolver: zodResolver(schema), defaultValues: original, mode: 'onTouched' });
  const { errors, isDirty, isSubmitting } = form.formState;
  const update = useUpdateMember(userId);
  const [conflict, setConflict] = useState(false);
  const stale = conflict || latestVersion > member.data.version;

  const onSubmit = form.handleSubmit(async (values) => {
    const patch = buildMemberPatch(original, values);
    if (!patch) {
      notifications.show({ message: t('members.details.noChanges') });
      return;
    }
    try {
      const saved = await update.mutateAsync({ patch, etag: etagOfVersioned(member) });
      notifications.show({ color: 'green', message: t('members.details.saved', { name: member.data.name }) });
      onSaved(saved);
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      applyProblemToForm(error, { setError: form.setError, fields: MEMBER_DETAILS_FIELDS });
    }
  });

  return (
    <form
      noValidate
      aria-label={t('members.details.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        {readOnly ? (
          <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="read-only-notice">
            {t('members.details.viewOnly')}
          </Alert>
        ) : null}
        {stale && !readOnly ? (
          <Alert
            role={conflict ? 'alert' : 'status'}
            color="orange"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={conflict ? t('members.details.conflictTitle') : t('members.details.newerTitle')}
          >
            <Stack gap="sm" align="flex-start">
              {conflict ? t('members.details.conflictBody') : t('members.details.newerBody')}
              <Button color="orange" leftSection={<IconRefresh size={16} aria-hidden />} loading={reloading} onClick={onReload}>
                {t('members.details.reload')}
              </Button>
            </Stack>
          </Alert>
        ) : null}
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                {...form.register('department')}
                label={t('members.fields.department')}
                maxLength={200}
                error={errors.department?.message}
              />
              <TextInput
                {...form.register('job_title')}
                label={t('members.fields.jobTitle')}
                maxLength={200}
                error={errors.job_title?.message}
              />
              <Controller
                control={form.control}
                name="manager_id"
                render={({ field, fieldState }) => (
                  <MemberSelect
                    ref={field.ref}
                    label={t('members.fields.manager')}
                    description={t('members.details.managerDescription')}
                    value={field.value}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    exclude={[userId]}
                    error={fieldState.error?.message}
                    disabled={readOnly}
                  />
                )}
              />
              <Controller
                control={form.control}
                name="buddy_id"
                render={({ field, fieldState }) => (
                  <MemberSelect
                    ref={field.ref}
                    label={t('members.fields.buddy')}
                    description={t('members.details.buddyDescription')}
                    value={field.value}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    exclude={[userId]}
                    error={fieldState.error?.message}
                    disabled={readOnly}
                  />
                )}
              />
            </SimpleGrid>
            <Controller
              control={form.control}
              name="hide_from_org_chart"
              render={({ field, fieldState }) => (
                <Switch
                  ref={field.ref}
                  label={t('members.fields.hideFromOrgChart')}
                  description={t('members.details.hideFromOrgChartDescription')}
                  checked={field.value}
                  onChange={(event) => {
                    field.onChange(event.currentTarget.checked);
                  }}
                  onBlur={field.onBlur}
                  error={fieldState.error?.message}
                />
              )}
            />
          </Stack>
        </fieldset>
        {readOnly ? null : (
          <Group>
            <Button type="submit" loading={isSubmitting} disabled={conflict}>
              {t('common.save')}
            </Button>
            <Button
              variant="default"
              disabled={!isDirty || isSubmitting}
              onClick={() => {
                form.reset(original);
              }}
            >
              {t('common.discard')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

/** Keeps the version under edit apart from the cache, so that a background refetch does not wipe what is typed. */
function DetailsEditor({
  latest,
  readOnly,
  reload,
  reloading,
}: {
  latest: Versioned<Member>;
  readOnly: boolean;
  reload: () => Promise<Versioned<Member> | undefined>;
  reloading: boolean;
}) {
  const [baseline, setBaseline] = useState(latest);
  const shown = readOnly ? latest : baseline;
  return (
    <DetailsForm
      key={shown.data.version}
      member={shown}
      latestVersion={latest.data.version}
      readOnly={readOnly}
      onSaved={setBaseline}
      reloading={reloading}
      onReload={() => {
        void reload().then((reloaded) => {
          if (reloaded) setBaseline(reloaded);
        });
      }}
    />
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Refs({ refs, empty }: { refs: readonly { id: string; name: string }[]; empty: string }) {
  if (refs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {refs.map((ref) => (
        <Badge key={ref.id} variant="default" tt="none">
          {ref.name}
        </Badge>
      ))}
    </Group>
  );
}

function AccountFacts({ member }: { member: Member }) {
  const { t, i18n } = useTranslation();
  const rows: [string, ReactNode][] = [
    [t('members.fields.status'), <MemberStatusBadge key="status" member={member} />],
    [t('members.fields.mfa'), <MfaBadge key="mfa" enabled={member.mfa_enabled} />],
    [
      t('members.fields.lastSignIn'),
      member.last_login_at ? formatDateTime(member.last_login_at, i18n.language) : t('members.neverSignedIn'),
    ],
    [t('members.fields.memberSince'), formatDateTime(member.created_at, i18n.language)],
  ];
  return (
    <Table variant="vertical" layout="fixed" withTableBorder={false}>
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={200}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Administration → Members → one member: organisation details, access, account state, actions and history. */
export function MemberDetailPage() {
  const { t } = useTranslation();
  const { userId } = routeApi.useParams();
  const me = useMe();
  const member = useQuery(memberQueryOptions(userId));
  const admin = can(me.data, 'administration', 'admin');
  const writer = can(me.data, 'administration', 'write');
  const data = member.data?.data;

  return (
    <Page
      title={data ? data.name || data.email : t('members.detailTitle')}
      description={data?.email}
      actions={
        <RouterButton variant="subtle" to="/administration/members" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('members.backToList')}
        </RouterButton>
      }
    >
      {member.isPending || me.isPending ? <Skeleton height={320} radius="md" /> : null}
      {member.isError ? <QueryError error={member.error} onRetry={() => void member.refetch()} /> : null}
      {member.data && data && !me.isPending ? (
        <>
          {admin ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('members.actions.label')}>
              <MemberActions member={data} etag={member.data.etag} variant="buttons" />
            </Card>
          ) : null}
          <Section id="member-details" title={t('members.details.title')}>
            <DetailsEditor
              key={data.user_id}
              latest={member.data}
              readOnly={!writer}
              reloading={member.isFetching}
              reload={async () => (await member.refetch()).data}
            />
          </Section>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Section id="member-access" title={t('members.access.title')}>
              <Stack gap="md">
                <div>
                  <Text size="sm" fw={500} mb={6}>
                    {t('members.access.directRoles')}
                  </Text>
                  <Refs refs={data.roles} empty={t('members.noRoles')} />
                </div>
                <div>
                  <Text size="sm" fw={500} mb={6}>
                    {t('members.fields.groups')}
                  </Text>
                  <Refs refs={data.groups} empty={t('members.noGroups')} />
                </div>
                <Text size="xs" c="dimmed">
                  {t('members.access.groupRolesHint')}
                </Text>
              </Stack>
            </Section>
            <Section id="member-account" title={t('members.account.title')}>
              <AccountFacts member={data} />
            </Section>
          </SimpleGrid>
          <Section id="member-history" title={t('members.history.title')}>
            <EntityHistory
              entityType={MEMBER_AUDIT_ENTITY_TYPE}
              entityId={data.membership_id}
              label={t('members.history.label', { name: data.name || data.email })}
            />
          </Section>
        </>
      ) : null}
    </Page>
  );
}
