import { Alert, Button, Card, Group, Skeleton, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconLock, IconRefresh } from '@tabler/icons-react';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm, toApiError, type Versioned } from '../../lib/api';
import { type Organization, useOrganization } from '../../lib/deployment';
import { can, useMe } from '../../lib/me';
import { EntityHistory } from '../../ui/audit/EntityHistory';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { ProfileFields, RetentionFields, RiskMatrixFields, SecurityFields, SettingsFields } from './OrganizationFields';
import {
  buildOrganizationPatch,
  createOrganizationSchema,
  ORGANIZATION_FORM_FIELDS,
  type OrganizationFormValues,
  toFormValues,
} from './organizationForm';
import { etagFor, useUpdateOrganization } from './useUpdateOrganization';

type StaleReason = 'conflict' | 'newer';

/** Why the form's version is out of date, and the way out: reload the latest version. */
function StaleAlert({ reason, onReload, reloading }: { reason: StaleReason; onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  const text = reason === 'conflict' ? t('orgSettings.conflict.body') : t('orgSettings.newer.body');
  return (
    <Alert
      role={reason === 'conflict' ? 'alert' : 'status'}
      color="orange"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={reason === 'conflict' ? t('orgSettings.conflict.title') : t('orgSettings.newer.title')}
    >
      <Stack gap="sm" align="flex-start">
        {text}
        <Button color="orange" leftSection={<IconRefresh size={16} aria-hidden />} loading={reloading} onClick={onReload}>
          {t('orgSettings.conflict.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}

interface OrganizationSettingsFormProps {
  /** The version being edited: the baseline of the merge patch and the source of If-Match. */
  organization: Versioned<Organization>;
  /** Version of the organisation in the cache, which background refetches keep current. */
  latestVersion: number;
  onSaved: (saved: Versioned<Organization>) => void;
  onReload: () => void;
  reloading: boolean;
  /** The user may read but not change the settings: the inputs are disabled and there is nothing to save. */
  readOnly?: boolean;
}

export function OrganizationSettingsForm({
  organization,
  latestVersion,
  onSaved,
  onReload,
  reloading,
  readOnly = false,
}: OrganizationSettingsFormProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createOrganizationSchema(t), [t]);
  const original = useMemo(() => toFormValues(organization.data), [organization.data]);
  const form = useForm<OrganizationFormValues>({
    resolver: zodResolver(schema),
    defaultValues: original,
    mode: 'onTouched',
  });
  const update = useUpdateOrganization();
  const me = useMe();
  const [conflict, setConflict] = useState(false);
  const stale: StaleReason | undefined = conflict
    ? 'conflict'
    : latestVersion > organization.data.version
      ? 'newer'
      : undefined;

  const onSubmit = form.handleSubmit(async (values) => {
    const patch = buildOrganizationPatch(original, values);
    if (!patch) {
      notifications.show({ message: t('orgSettings.noChanges') });
      return;
    }
    try {
      const saved = await update.mutateAsync({ patch, etag: etagFor(organization) });
      notifications.show({ color: 'green', message: t('orgSettings.saved') });
      onSaved(saved);
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      applyProblemToForm(error, { setError: form.setError, fields: ORGANIZATION_FORM_FIELDS });
    }
  });

  return (
    <FormProvider {...form}>
      <form
        noValidate
        aria-label={t('orgSettings.title')}
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <Stack gap="lg">
          {readOnly ? (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="read-only-notice">
              {t('orgSettings.viewOnly')}
            </Alert>
          ) : null}
          {stale && !readOnly ? <StaleAlert reason={stale} onReload={onReload} reloading={reloading} /> : null}
          {/* A disabled fieldset disables every input inside it, natively. */}
          <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="lg">
              <ProfileFields />
              <SettingsFields />
              <SecurityFields
                initiallyRequired={original.settings.require_mfa}
                selfEnrolled={me.data?.mfa_enrolled ?? false}
                showSsoLink={!readOnly}
              />
              <RiskMatrixFields />
              <RetentionFields />
            </Stack>
          </fieldset>
          {readOnly ? null : (
          <Group>
            <Button type="submit" loading={form.formState.isSubmitting} disabled={conflict}>
              {t('common.save')}
            </Button>
            <Button
              variant="default"
              disabled={!form.formState.isDirty || form.formState.isSubmitting}
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
    </FormProvider>
  );
}

interface OrganizationSettingsEditorProps {
  latest: Versioned<Organization>;
  reload: () => Promise<Versioned<Organization> | undefined>;
  reloading: boolean;
  readOnly: boolean;
}

/**
 * Keeps the version under edit apart from the cache: a background refetch that brings someone else's newer version
 * must not wipe what the user is typing. The form starts over on a new baseline only when the user saved or asked
 * to reload.
 */
function OrganizationSettingsEditor({ latest, reload, reloading, readOnly }: OrganizationSettingsEditorProps) {
  const [baseline, setBaseline] = useState(latest);
  // Reading only, there is nothing to lose: follow the latest version.
  const shown = readOnly ? latest : baseline;
  return (
    <OrganizationSettingsForm
      key={shown.data.version}
      readOnly={readOnly}
      organization={shown}
      latestVersion={latest.data.version}
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

/** Administration → Organisation settings: edit the profile and settings of the caller's organisation. */
export function OrganizationSettingsPage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  const me = useMe();
  const { refetch } = organization;
  // Changing the settings needs administration:admin (the API refuses otherwise); reading needs administration:read.
  const readOnly = !can(me.data, 'administration', 'admin');
  return (
    <Page title={t('orgSettings.title')}>
      {organization.isPending || me.isPending ? <Skeleton height={480} radius="md" /> : null}
      {organization.isError ? <QueryError error={organization.error} onRetry={() => void refetch()} /> : null}
      {organization.data && !me.isPending ? (
        <>
          <OrganizationSettingsEditor
            readOnly={readOnly}
            latest={organization.data}
            reloading={organization.isFetching}
            reload={async () => (await refetch()).data}
          />
          <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="organization-history">
            <Title order={2} size="h3" id="organization-history" mb="md">
              {t('orgSettings.history')}
            </Title>
            <EntityHistory
              entityType="organization"
              entityId={organization.data.data.id}
              label={t('orgSettings.historyLabel')}
            />
          </Card>
        </>
      ) : null}
    </Page>
  );
}
