import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Fieldset,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy, IconInfoCircle, IconLock, IconRefresh } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { type Control, Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, toApiError, type Versioned } from '../../../lib/api';
import { can, useMe } from '../../../lib/me';
import { Page } from '../../../ui/Page';
import { QueryError } from '../../../ui/QueryError';
import { RouterAnchor } from '../../../ui/RouterLinks';
import { type FormProblem, ProblemAlert } from '../../platform/ProblemAlert';
import {
  createSsoSchema,
  SSO_FORM_FIELDS,
  type SsoFormValues,
  type SsoSettings,
  ssoEtag,
  toSsoFormValues,
  toSsoInput,
  useAssignableRoles,
  usePutSsoSettings,
  useSsoSettings,
} from './ssoSettings';

/** A value the server computed, to register at the provider: read-only, with a copy button. */
function CopyableField({ label, description, value, copyLabel }: { label: string; description: string; value: string; copyLabel: string }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      // Sections ignore the pointer by default: the copy button must receive clicks.
      rightSectionPointerEvents="all"
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('common.copied') : copyLabel} withArrow>
              <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={copyLabel}>
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

function DefaultRoleField({ control, required }: { control: Control<SsoFormValues>; required: boolean }) {
  const { t } = useTranslation();
  const roles = useAssignableRoles();
  return (
    <Controller
      control={control}
      name="default_role_id"
      render={({ field, fieldState }) => {
        const options = (roles.data ?? []).map((role) => ({ value: role.id, label: role.name }));
        // A role that is no longer listed (archived since) stays visible as it is stored.
        if (field.value && roles.data && !options.some((option) => option.value === field.value)) {
          options.push({ value: field.value, label: t('security.sso.unknownRole') });
        }
        return (
          <Select
            ref={field.ref}
            name={field.name}
            label={t('security.sso.fields.defaultRole')}
            description={t('security.sso.fields.defaultRoleDescription')}
            placeholder={roles.isPending ? t('common.loading') : t('security.sso.fields.defaultRolePlaceholder')}
            data={options}
            value={field.value === '' ? null : field.value}
            onChange={(value) => {
              field.onChange(value ?? '');
            }}
            onBlur={field.onBlur}
            required={required}
            clearable={!required}
            searchable
            disabled={roles.isError}
            error={fieldState.error?.message ?? (roles.isError ? t('security.sso.rolesUnavailable') : undefined)}
          />
        );
      }}
    />
  );
}

interface SsoFormProps {
  settings: Versioned<SsoSettings>;
  onSaved: (saved: Versioned<SsoSettings>) => void;
  onReload: () => void;
  reloading: boolean;
}

function SsoForm({ settings, onSaved, onReload, reloading }: SsoFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createSsoSchema(t), [t]);
  const original = useMemo(() => toSsoFormValues(settings.data), [settings.data]);
  const form = useForm<SsoFormValues>({ resolver: zodResolver(schema), defaultValues: original, mode: 'onTouched' });
  const { errors, isSubmitting, isDirty } = form.formState;
  const put = usePutSsoSettings();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [conflict, setConflict] = useState(false);
  const autoProvision = useWatch({ control: form.control, name: 'auto_provision' });
  const secretSet = settings.data.client_secret_set;

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      const saved = await put.mutateAsync({ body: toSsoInput(values), etag: ssoEtag(settings) });
      notifications.show({ color: 'green', message: t('security.sso.saved') });
      onSaved(saved);
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      // A 422 for an issuer whose discovery document cannot be fetched carries its reason in `detail`: it stays in the
      // form, next to what the user has to fix, rather than in a notification that fades.
      const { unmatched } = applyProblemToForm(error, {
        setError: form.setError,
        fields: SSO_FORM_FIELDS,
        notify: () => undefined,
      });
      setProblem({ error, unmatched });
    }
  });

  return (
    <form
      noValidate
      aria-label={t('security.sso.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="lg">
        {conflict ? (
          <Alert color="orange" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('security.sso.conflictTitle')}>
            <Stack gap="sm" align="flex-start">
              {t('security.sso.conflictBody')}
              <Button color="orange" leftSection={<IconRefresh size={16} aria-hidden />} loading={reloading} onClick={onReload}>
                {t('orgSettings.conflict.reload')}
              </Button>
            </Stack>
          </Alert>
        ) : null}
        {problem ? <ProblemAlert problem={problem} /> : null}

        <Fieldset legend={t('security.sso.provider')}>
          <Stack gap="md">
            <Controller
              control={form.control}
              name="enabled"
              render={({ field }) => (
                <Switch
                  ref={field.ref}
                  name={field.name}
                  checked={field.value}
                  onChange={(event) => {
                    field.onChange(event.currentTarget.checked);
                  }}
                  onBlur={field.onBlur}
                  label={t('security.sso.fields.enabled')}
                  aria-label={t('security.sso.fields.enabled')}
                  description={t('security.sso.fields.enabledDescription')}
                />
              )}
            />
            <TextInput
              {...form.register('issuer')}
              label={t('security.sso.fields.issuer')}
              description={t('security.sso.fields.issuerDescription')}
              placeholder="https://login.example.com/realms/acme"
              type="url"
              required
              maxLength={500}
              spellCheck={false}
              error={errors.issuer?.message}
            />
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <TextInput
                {...form.register('client_id')}
                label={t('security.sso.fields.clientId')}
                required
                maxLength={500}
                spellCheck={false}
                autoComplete="off"
                error={errors.client_id?.message}
              />
              <PasswordInput
                {...form.register('client_secret')}
                label={
                  <Group gap={6} component="span" wrap="nowrap">
                    {t('security.sso.fields.clientSecret')}
                    {secretSet ? (
                      <Badge size="xs" variant="light" color="green" leftSection={<IconLock size={10} aria-hidden />}>
                        {t('security.sso.fields.secretStored')}
                      </Badge>
                    ) : null}
                  </Group>
                }
                description={
                  secretSet ? t('security.sso.fields.clientSecretKeep') : t('security.sso.fields.clientSecretDescription')
                }
                placeholder={secretSet ? '••••••••' : undefined}
                maxLength={2000}
                autoComplete="new-password"
                error={errors.client_secret?.message}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Fieldset legend={t('security.sso.access')}>
          <Stack gap="md">
            <Controller
              control={form.control}
              name="allowed_domains"
              render={({ field, fieldState }) => (
                <TagsInput
                  ref={field.ref}
                  name={field.name}
                  label={t('security.sso.fields.domains')}
                  description={t('security.sso.fields.domainsDescription')}
                  placeholder={t('orgSettings.fields.domainsPlaceholder')}
                  value={field.value}
                  onChange={(domains) => {
                    field.onChange([...new Set(domains.map((domain) => domain.trim().toLowerCase()))]);
                  }}
                  onBlur={field.onBlur}
                  splitChars={[',', ' ', ';']}
                  acceptValueOnBlur
                  clearable
                  maxTags={50}
                  required
                  error={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={form.control}
              name="auto_provision"
              render={({ field }) => (
                <Switch
                  ref={field.ref}
                  name={field.name}
                  checked={field.value}
                  onChange={(event) => {
                    field.onChange(event.currentTarget.checked);
                    if (!event.currentTarget.checked) form.clearErrors('default_role_id');
                  }}
                  onBlur={field.onBlur}
                  label={t('security.sso.fields.autoProvision')}
                  aria-label={t('security.sso.fields.autoProvision')}
                  description={t('security.sso.fields.autoProvisionDescription')}
                />
              )}
            />
            {autoProvision ? <DefaultRoleField control={form.control} required /> : null}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('security.sso.registration')}>
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('security.sso.registrationDescription')}
            </Text>
            <CopyableField
              label={t('security.sso.fields.redirectUri')}
              description={t('security.sso.fields.redirectUriDescription')}
              value={settings.data.redirect_uri}
              copyLabel={t('security.sso.copyRedirectUri')}
            />
            <CopyableField
              label={t('security.sso.fields.startUrl')}
              description={t('security.sso.fields.startUrlDescription')}
              value={settings.data.start_url}
              copyLabel={t('security.sso.copyStartUrl')}
            />
          </Stack>
        </Fieldset>

        <Group>
          <Button type="submit" loading={isSubmitting} disabled={conflict}>
            {t('common.save')}
          </Button>
          <Button
            variant="default"
            disabled={!isDirty || isSubmitting}
            onClick={() => {
              setProblem(null);
              form.reset(original);
            }}
          >
            {t('common.discard')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function StatusBadge({ settings }: { settings: SsoSettings }) {
  const { t } = useTranslation();
  if (!settings.configured) return <Badge color="gray" variant="light">{t('security.sso.status.notConfigured')}</Badge>;
  return settings.enabled ? (
    <Badge color="green" variant="light">{t('security.sso.status.enabled')}</Badge>
  ) : (
    <Badge color="orange" variant="light">{t('security.sso.status.disabled')}</Badge>
  );
}

/**
 * Keeps the version under edit apart from the cache (as the organisation settings do): the form starts over on a new
 * baseline only when the user saved or asked to reload.
 */
function SsoEditor({ latest, reload, reloading }: { latest: Versioned<SsoSettings>; reload: () => Promise<Versioned<SsoSettings> | undefined>; reloading: boolean }) {
  const [baseline, setBaseline] = useState(latest);
  return (
    <SsoForm
      key={`${String(baseline.data.version)}:${baseline.etag ?? ''}`}
      settings={baseline}
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

/** Administration → Security → Single sign-on: the organisation's OpenID Connect provider. Administrators only. */
export function SsoSettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = can(me.data, 'administration', 'admin');
  const settings = useSsoSettings(allowed);
  const { refetch } = settings;

  const description = (
    <>
      {t('security.sso.description')}{' '}
      <RouterAnchor to="/administration/organization" size="sm">
        {t('security.sso.backToSettings')}
      </RouterAnchor>
    </>
  );

  if (me.isPending) {
    return (
      <Page title={t('security.sso.title')}>
        <Skeleton height={480} radius="md" />
      </Page>
    );
  }
  if (!allowed) {
    return (
      <Page title={t('security.sso.title')}>
        <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="sso-forbidden">
          {t('security.sso.forbidden')}
        </Alert>
      </Page>
    );
  }

  return (
    <Page
      title={t('security.sso.title')}
      description={description}
      actions={settings.data ? <StatusBadge settings={settings.data.data} /> : null}
    >
      {settings.isPending ? <Skeleton height={480} radius="md" /> : null}
      {settings.isError ? <QueryError error={settings.error} onRetry={() => void refetch()} /> : null}
      {settings.data ? (
        <>
          {!settings.data.data.configured ? (
            <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
              {t('security.sso.notConfigured')}
            </Alert>
          ) : null}
          <SsoEditor latest={settings.data} reloading={settings.isFetching} reload={async () => (await refetch()).data} />
        </>
      ) : null}
    </Page>
  );
}
