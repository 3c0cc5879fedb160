/** The inputs of the organisation settings form, grouped in fieldsets; they read the form from context. */
import { Alert, Fieldset, NumberInput, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import { type ChangeEvent, useMemo } from 'react';
import { type FieldPathByValue, useController, useFormContext, type UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { currencyOptions, timeZoneOptions } from '../../lib/intl';
import { RouterAnchor } from '../../ui/RouterLinks';
import type { OrganizationFormValues } from './organizationForm';

type NumberPath = FieldPathByValue<OrganizationFormValues, number>;

interface NumberFieldProps {
  name: NumberPath;
  label: string;
  description?: string;
  min: number;
  max: number;
}

function NumberField({ name, label, description, min, max }: NumberFieldProps) {
  const { control } = useFormContext<OrganizationFormValues>();
  const { field, fieldState } = useController({ control, name });
  const { ref, value, onChange, onBlur } = field;
  return (
    <NumberInput
      name={name}
      ref={ref}
      label={label}
      description={description}
      min={min}
      max={max}
      allowDecimal={false}
      allowNegative={false}
      required
      // An emptied input is NaN in the form, which the schema reports as "enter a whole number".
      value={Number.isNaN(value) ? '' : value}
      onChange={(next) => {
        onChange(typeof next === 'number' ? next : Number.NaN);
      }}
      onBlur={onBlur}
      error={fieldState.error?.message}
    />
  );
}

export function ProfileFields() {
  const { t } = useTranslation();
  const { register, formState } = useFormContext<OrganizationFormValues>();
  const { errors } = formState;
  // Codes are upper case by contract: type "be", get "BE".
  const upperCase = (registration: UseFormRegisterReturn) => ({
    ...registration,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      event.target.value = event.target.value.toUpperCase();
      return registration.onChange(event);
    },
  });
  return (
    <Fieldset legend={t('orgSettings.profile')}>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TextInput
          label={t('orgSettings.fields.name')}
          required
          maxLength={200}
          autoComplete="organization"
          {...register('name')}
          error={errors.name?.message}
        />
        <TextInput
          label={t('orgSettings.fields.legalName')}
          maxLength={200}
          {...register('settings.legal_name')}
          error={errors.settings?.legal_name?.message}
        />
        <TextInput
          label={t('orgSettings.fields.country')}
          description={t('orgSettings.fields.countryDescription')}
          maxLength={2}
          autoComplete="country"
          {...upperCase(register('country'))}
          error={errors.country?.message}
        />
        <TextInput
          label={t('orgSettings.fields.taxId')}
          description={t('orgSettings.fields.taxIdDescription')}
          maxLength={64}
          {...register('settings.tax_id')}
          error={errors.settings?.tax_id?.message}
        />
        <TextInput
          label={t('orgSettings.fields.identifier')}
          description={t('orgSettings.fields.identifierDescription')}
          maxLength={16}
          {...upperCase(register('identifier'))}
          error={errors.identifier?.message}
        />
      </SimpleGrid>
    </Fieldset>
  );
}

function DomainsField() {
  const { t } = useTranslation();
  const { control } = useFormContext<OrganizationFormValues>();
  const { field, fieldState } = useController({ control, name: 'settings.domains' });
  const { ref, name, value, onChange, onBlur } = field;
  return (
    <TagsInput
      name={name}
      ref={ref}
      label={t('orgSettings.fields.domains')}
      description={t('orgSettings.fields.domainsDescription')}
      placeholder={t('orgSettings.fields.domainsPlaceholder')}
      value={value}
      onChange={(domains) => {
        onChange(domains.map((domain) => domain.trim().toLowerCase()));
      }}
      onBlur={onBlur}
      splitChars={[',', ' ', ';']}
      acceptValueOnBlur
      clearable
      maxTags={50}
      error={fieldState.error?.message}
    />
  );
}

function TimeZoneField() {
  const { t } = useTranslation();
  const { control } = useFormContext<OrganizationFormValues>();
  const { field, fieldState } = useController({ control, name: 'settings.timezone' });
  const { ref, name, value, onChange, onBlur } = field;
  const options = useMemo(() => timeZoneOptions(value), [value]);
  return (
    <Select
      name={name}
      ref={ref}
      label={t('orgSettings.fields.timezone')}
      description={t('orgSettings.fields.timezoneDescription')}
      data={options}
      searchable
      limit={100}
      value={value || null}
      onChange={(next) => {
        onChange(next ?? '');
      }}
      onBlur={onBlur}
      error={fieldState.error?.message}
    />
  );
}

function CurrencyField() {
  const { t, i18n } = useTranslation();
  const { control } = useFormContext<OrganizationFormValues>();
  const { field, fieldState } = useController({ control, name: 'settings.base_currency' });
  const { ref, name, value, onChange, onBlur } = field;
  const options = useMemo(() => currencyOptions(i18n.language, value), [i18n.language, value]);
  return (
    <Select
      name={name}
      ref={ref}
      label={t('orgSettings.fields.baseCurrency')}
      data={options}
      searchable
      limit={100}
      value={value || null}
      onChange={(next) => {
        onChange(next ?? '');
      }}
      onBlur={onBlur}
      error={fieldState.error?.message}
    />
  );
}

export function SettingsFields() {
  const { t } = useTranslation();
  const { register, formState } = useFormContext<OrganizationFormValues>();
  return (
    <Fieldset legend={t('orgSettings.settings')}>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <TimeZoneField />
        <CurrencyField />
        <TextInput
          label={t('orgSettings.fields.logoUrl')}
          description={t('orgSettings.fields.logoUrlDescription')}
          type="url"
          maxLength={2000}
          {...register('settings.logo_url')}
          error={formState.errors.settings?.logo_url?.message}
        />
        <DomainsField />
      </SimpleGrid>
    </Fieldset>
  );
}

export function RiskMatrixFields() {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('orgSettings.riskMatrix')}>
      <Text size="sm" c="dimmed" mb="sm">
        {t('orgSettings.riskMatrixDescription')}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <NumberField name="settings.risk_matrix.likelihood_levels" label={t('orgSettings.fields.likelihoodLevels')} min={3} max={10} />
        <NumberField name="settings.risk_matrix.impact_levels" label={t('orgSettings.fields.impactLevels')} min={3} max={10} />
        <NumberField
          name="settings.risk_matrix.appetite"
          label={t('orgSettings.fields.appetite')}
          min={1}
          max={100}
        />
      </SimpleGrid>
    </Fieldset>
  );
}

export function RetentionFields() {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('orgSettings.retention')}>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <NumberField
          name="settings.retention.audit_log_days"
          label={t('orgSettings.fields.auditLogDays')}
          description={t('orgSettings.fields.auditLogDaysDescription')}
          min={365}
          max={36500}
        />
      </SimpleGrid>
    </Fieldset>
  );
}

function RequireMfaField({ initiallyRequired, selfEnrolled }: { initiallyRequired: boolean; selfEnrolled: boolean }) {
  const { t } = useTranslation();
  const { control } = useFormContext<OrganizationFormValues>();
  const { field, fieldState } = useController({ control, name: 'settings.require_mfa' });
  const { ref, name, value, onChange, onBlur } = field;
  const turningOn = value && !initiallyRequired;
  return (
    <Stack gap="xs">
      <Switch
        name={name}
        ref={ref}
        checked={value}
        onChange={(event) => {
          onChange(event.currentTarget.checked);
        }}
        onBlur={onBlur}
        label={t('security.organization.requireMfa')}
        // Mantine puts the description inside the label: name the switch by its label alone.
        aria-label={t('security.organization.requireMfa')}
        description={t('security.organization.requireMfaDescription')}
        error={fieldState.error?.message}
      />
      {turningOn ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} role="status">
          {t('security.organization.requireMfaWarning')}
          {selfEnrolled ? null : ` ${t('security.organization.requireMfaSelf')}`}
        </Alert>
      ) : null}
    </Stack>
  );
}

export interface SecurityFieldsProps {
  /** Two-step verification was already required by the saved version (no warning when it stays on). */
  initiallyRequired: boolean;
  /** The signed-in user has an authenticator app (else turning the requirement on concerns them too). */
  selfEnrolled: boolean;
  /** Show the way to the single sign-on settings (administrators only). */
  showSsoLink: boolean;
}

/** Two-step verification for everyone, the terms of use members must accept, and the way to single sign-on. */
export function SecurityFields({ initiallyRequired, selfEnrolled, showSsoLink }: SecurityFieldsProps) {
  const { t } = useTranslation();
  const { register, formState } = useFormContext<OrganizationFormValues>();
  const errors = formState.errors.settings;
  return (
    <Fieldset legend={t('security.organization.legend')}>
      <Stack gap="md">
        <RequireMfaField initiallyRequired={initiallyRequired} selfEnrolled={selfEnrolled} />
        <Text size="sm" c="dimmed">
          {t('security.organization.termsDescription')}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <TextInput
            label={t('security.organization.termsVersion')}
            description={t('security.organization.termsVersionDescription')}
            placeholder="2026-01"
            maxLength={64}
            spellCheck={false}
            {...register('settings.terms_version')}
            error={errors?.terms_version?.message}
          />
          <TextInput
            label={t('security.organization.termsUrl')}
            description={t('security.organization.termsUrlDescription')}
            type="url"
            maxLength={2000}
            placeholder="https://"
            {...register('settings.terms_url')}
            error={errors?.terms_url?.message}
          />
        </SimpleGrid>
        {showSsoLink ? (
          <Text size="sm">
            <IconKey size={14} aria-hidden style={{ verticalAlign: 'middle', marginRight: 6 }} />
            <RouterAnchor to="/administration/security/sso" underline="always">{t('security.sso.title')}</RouterAnchor>
            {' — '}
            {t('security.sso.linkDescription')}
          </Text>
        ) : null}
      </Stack>
    </Fieldset>
  );
}
