import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Controller, useFieldArray, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, client, toApiError, unwrap } from '../../lib/api';
import type { ModuleSlug } from '../../lib/deployment';
import { formatDate, formatDateTime } from '../../lib/intl';
import { grantableLevels, levelOf, type Me } from '../../lib/me';
import { showProblemNotification } from '../../lib/problemNotification';
import { QueryError } from '../../ui/QueryError';
import {
  type ApiToken,
  type ApiTokenCreated,
  apiTokenFormFields,
  type ApiTokenFormValues,
  apiTokensQueryKey,
  apiTokensQueryOptions,
  createApiTokenSchema,
  expiryBounds,
  mapApiTokenErrors,
  MAX_TOKEN_DAYS,
  scopeModules,
  toApiTokenCreate,
} from './apiTokens';
import { useRecentSignIn } from './useRecentSignIn';

const STATUS_COLORS: Record<ApiToken['status'], string> = { active: 'green', expired: 'gray', revoked: 'red' };

/** The new token, shown once with a copy button; it lives only in this component's state until dismissed. */
function CreatedToken({ created, onDone }: { created: ApiTokenCreated; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" variant="light" icon={<IconKey aria-hidden />} title={t('apiTokens.created.title')}>
      <Stack gap="sm">
        <Text size="sm" fw={700}>
          {t('apiTokens.created.warning')}
        </Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Code fz="sm" data-testid="new-api-token" style={{ wordBreak: 'break-all' }}>
            {created.token}
          </Code>
          <CopyButton value={created.token}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="default"
                onClick={copy}
                leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              >
                {copied ? t('common.copied') : t('apiTokens.created.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <div>
          <Button variant="default" onClick={onDone}>
            {t('apiTokens.created.done')}
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}

interface CreateFormProps {
  me: Me;
  onCreated: (created: ApiTokenCreated) => void;
  /** The server wants a recent sign-in: `retry` submits the form again once the user proved it. */
  onReauthenticate: (retry: () => unknown) => void;
  onCancel: () => void;
}

function CreateForm({ me, onCreated, onReauthenticate, onCancel }: CreateFormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const modules = useMemo(() => scopeModules(me), [me]);
  const [bounds] = useState(() => expiryBounds(new Date()));
  const schema = useMemo(() => createApiTokenSchema(t, me, () => new Date()), [t, me]);
  const form = useForm<ApiTokenFormValues>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', scopes: [{ module: '', level: 'read' }], expires: bounds.initial },
  });
  const { errors, isSubmitting } = form.formState;
  const scopes = useFieldArray({ control: form.control, name: 'scopes' });
  const chosen = useWatch({ control: form.control, name: 'scopes' });

  const create = useMutation({
    mutationFn: async (values: ApiTokenFormValues) =>
      (await unwrap(client.POST('/me/api-tokens', { body: toApiTokenCreate(values, new Date()) }))).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensQueryKey }),
  });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const created = await create.mutateAsync(values);
      form.reset();
      onCreated(created);
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isReauthenticationRequired) {
        onReauthenticate(() => onSubmit());
        return;
      }
      applyProblemToForm(mapApiTokenErrors(error, values), {
        setError: form.setError,
        fields: apiTokenFormFields(values.scopes.length) as never[],
      });
    }
  });

  const moduleOptions = (index: number) =>
    modules
      .filter((module) => module === chosen[index]?.module || !chosen.some((scope) => scope.module === module))
      .map((module) => ({ value: module, label: t(`modules.${module}`) }));

  return (
    <form
      noValidate
      aria-label={t('apiTokens.create.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        <TextInput
          {...form.register('name')}
          label={t('apiTokens.fields.name')}
          description={t('apiTokens.fields.nameDescription')}
          maxLength={100}
          required
          error={errors.name?.message}
        />
        <Stack gap="xs">
          <Text size="sm" fw={500} id="token-scopes-label">
            {t('apiTokens.fields.scopes')}
          </Text>
          <Text size="xs" c="dimmed" mt={-4}>
            {t('apiTokens.fields.scopesDescription')}
          </Text>
          {scopes.fields.map((row, index) => {
            const module = chosen[index]?.module ?? '';
            const levels = module ? grantableLevels(levelOf(me, module as ModuleSlug)) : grantableLevels('read');
            return (
              <Group
                key={row.id}
                gap="xs"
                align="flex-start"
                wrap="nowrap"
                role="group"
                aria-label={t('apiTokens.fields.scopeN', { n: index + 1 })}
              >
                <Controller
                  control={form.control}
                  name={`scopes.${index}.module`}
                  render={({ field, fieldState }) => (
                    <Select
                      ref={field.ref}
                      label={t('apiTokens.fields.module')}
                      placeholder={t('apiTokens.fields.modulePlaceholder')}
                      data={moduleOptions(index)}
                      value={field.value === '' ? null : field.value}
                      onChange={(value) => {
                        field.onChange(value ?? '');
                        // Keep the level within what the user has on the newly chosen module.
                        const allowed = value ? grantableLevels(levelOf(me, value as ModuleSlug)) : [];
                        const level = form.getValues(`scopes.${index}.level`);
                        if (allowed.length > 0 && !allowed.includes(level)) {
                          form.setValue(`scopes.${index}.level`, allowed[allowed.length - 1] ?? 'read');
                        }
                      }}
                      onBlur={field.onBlur}
                      searchable
                      required
                      error={fieldState.error?.message}
                      style={{ flex: 2 }}
                    />
                  )}
                />
                <Controller
                  control={form.control}
                  name={`scopes.${index}.level`}
                  render={({ field, fieldState }) => (
                    <Select
                      ref={field.ref}
                      label={t('apiTokens.fields.level')}
                      data={levels.map((level) => ({ value: level, label: t(`permissions.levels.${level}`) }))}
                      value={field.value}
                      onChange={(value) => {
                        if (value) field.onChange(value);
                      }}
                      onBlur={field.onBlur}
                      allowDeselect={false}
                      required
                      error={fieldState.error?.message}
                      style={{ flex: 1 }}
                    />
                  )}
                />
                <Tooltip label={t('apiTokens.fields.removeScope')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="lg"
                    mt={25}
                    aria-label={t('apiTokens.fields.removeScopeN', { n: index + 1 })}
                    disabled={scopes.fields.length === 1}
                    onClick={() => {
                      scopes.remove(index);
                    }}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              </Group>
            );
          })}
          {errors.scopes?.root?.message ?? errors.scopes?.message ? (
            <Text size="sm" c="red.9" role="alert">
              {errors.scopes.root?.message ?? errors.scopes.message}
            </Text>
          ) : null}
          <div>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              disabled={scopes.fields.length >= modules.length}
              onClick={() => {
                scopes.append({ module: '', level: 'read' });
              }}
            >
              {t('apiTokens.fields.addScope')}
            </Button>
          </div>
        </Stack>
        <TextInput
          {...form.register('expires')}
          type="date"
          label={t('apiTokens.fields.expires')}
          description={t('apiTokens.fields.expiresDescription', { max: MAX_TOKEN_DAYS })}
          min={bounds.min}
          max={bounds.max}
          required
          error={errors.expires?.message}
          maw={240}
        />
        <Group gap="sm">
          <Button type="submit" loading={isSubmitting}>
            {t('apiTokens.create.submit')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiToken; onRevoke: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Tr data-token-id={token.id}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {token.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Code>{token.prefix}</Code>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {token.scopes.map((scope) => (
            <Badge key={scope.module} variant="default" size="sm" tt="none">
              {t('apiTokens.scope', { module: t(`modules.${scope.module}`), level: t(`permissions.levels.${scope.level}`) })}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDate(token.expires_at, i18n.language)}
        </Text>
      </Table.Td>
      <Table.Td>
        {token.last_used_at ? (
          <Text size="sm">
            {formatDateTime(token.last_used_at, i18n.language)}
            {token.last_used_ip ? (
              <Text component="span" size="xs" c="dimmed" display="block">
                {token.last_used_ip}
              </Text>
            ) : null}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('apiTokens.neverUsed')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="dot" color={STATUS_COLORS[token.status]} tt="none">
          {t(`apiTokens.status.${token.status}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {token.status === 'active' ? (
          <Button
            variant="subtle"
            color="red"
            size="xs"
            aria-label={t('apiTokens.revoke.buttonLabel', { name: token.name })}
            onClick={onRevoke}
          >
            {t('apiTokens.revoke.button')}
          </Button>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}

function RevokeModal({ token, onClose }: { token: ApiToken | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      (await unwrap(client.POST('/me/api-tokens/{id}/revoke', { params: { path: { id } } }))).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokensQueryKey }),
  });
  return (
    <Modal opened={token !== null} onClose={onClose} title={t('apiTokens.revoke.title')} centered>
      {token ? (
        <Stack gap="md">
          <Text size="sm">{t('apiTokens.revoke.body', { name: token.name })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red.9"
              loading={revoke.isPending}
              onClick={() => {
                revoke.mutate(token.id, {
                  onSuccess: () => {
                    notifications.show({ color: 'green', message: t('apiTokens.revoke.done', { name: token.name }) });
                    onClose();
                  },
                  onError: (error) => {
                    showProblemNotification(toApiError(error));
                  },
                });
              }}
            >
              {t('apiTokens.revoke.confirm')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

/** Profile → API tokens: the user's tokens for integrations in the active organisation; create and revoke. */
export function ApiTokensSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const query = useInfiniteQuery(apiTokensQueryOptions());
  const tokens = query.data?.pages.flatMap((page) => page.items) ?? [];
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const recentSignIn = useRecentSignIn();
  const grantable = scopeModules(me).length > 0;

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="api-tokens-title">
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Group gap="xs">
            <IconKey size={22} aria-hidden />
            <Title order={2} size="h3" id="api-tokens-title">
              {t('apiTokens.title')}
            </Title>
          </Group>
          {!creating && grantable ? (
            <Button
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => {
                setCreated(null);
                setCreating(true);
              }}
            >
              {t('apiTokens.create.open')}
            </Button>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          {t('apiTokens.description')}
        </Text>
        {!grantable ? (
          <Text size="sm">{t('apiTokens.noPermissions')}</Text>
        ) : null}
        {recentSignIn.prompt}
        {created ? (
          <CreatedToken
            created={created}
            onDone={() => {
              setCreated(null);
            }}
          />
        ) : null}
        {creating ? (
          <Card withBorder radius="md" padding="md">
            <Title order={3} size="h4" mb="sm">
              {t('apiTokens.create.title')}
            </Title>
            <CreateForm
              me={me}
              onReauthenticate={recentSignIn.require}
              onCancel={() => {
                setCreating(false);
              }}
              onCreated={(next) => {
                setCreating(false);
                setCreated(next);
              }}
            />
          </Card>
        ) : null}

        {query.isPending ? <Skeleton height={80} radius="sm" /> : null}
        {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
        {query.data !== undefined && tokens.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('apiTokens.empty')}
          </Text>
        ) : null}
        {tokens.length > 0 ? (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs" aria-label={t('apiTokens.tableLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('apiTokens.fields.name')}</Table.Th>
                  <Table.Th>{t('apiTokens.columns.prefix')}</Table.Th>
                  <Table.Th>{t('apiTokens.fields.scopes')}</Table.Th>
                  <Table.Th>{t('apiTokens.columns.expires')}</Table.Th>
                  <Table.Th>{t('apiTokens.columns.lastUsed')}</Table.Th>
                  <Table.Th>{t('apiTokens.columns.status')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('apiTokens.columns.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.map((token) => (
                  <TokenRow
                    key={token.id}
                    token={token}
                    onRevoke={() => {
                      setRevoking(token);
                    }}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {query.hasNextPage ? (
          <div>
            <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('apiTokens.loadMore')}
            </Button>
          </div>
        ) : null}
      </Stack>
      <RevokeModal
        token={revoking}
        onClose={() => {
          setRevoking(null);
        }}
      />
    </Card>
  );
}
