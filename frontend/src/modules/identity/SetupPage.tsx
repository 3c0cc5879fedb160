import { Alert, Button, Code, Fieldset, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { IconCircleCheck, IconTerminal2 } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { type ChangeEvent, useMemo, useState } from 'react';
import { Controller, type UseFormRegisterReturn, useForm } from 'react-hook-form';
import { Trans, useTranslation } from 'react-i18next';
import { type ApiError, client, toApiError, unwrap } from '../../lib/api';
import { login } from '../../lib/session';
import { RouterButton } from '../../ui/RouterLinks';
import { AuthFrame } from './AuthFrame';
import { NewPasswordInputs } from './NewPasswordInputs';
import { applyPasswordProblem } from './passwordPolicy';
import {
  createSetupSchema,
  EMPTY_SETUP_FORM,
  ORGANIZATION_KINDS,
  SETUP_FORM_FIELDS,
  type SetupFormOutput,
  type SetupFormValues,
  setupStatusQueryKey,
  SLUG_MAX,
  slugify,
  toSetupRequest,
} from './setup';
import { signInProblemText } from './signInErrors';
import { SignInProblem } from './SignInProblem';
import { useCountdown } from './useCountdown';

/** Codes are upper case by contract: type "be", get "BE". */
function upperCase(registration: UseFormRegisterReturn) {
  return {
    ...registration,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      event.target.value = event.target.value.toUpperCase();
      return registration.onChange(event);
    },
  };
}

/** Setup was completed meanwhile (by someone else, or in another tab): signing in is what is left. */
function AlreadyDone() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert role="alert" color="blue" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('setup.done.title')}>
        {t('setup.done.body')}
      </Alert>
      <RouterButton to="/login" fullWidth>
        {t('setup.done.signIn')}
      </RouterButton>
    </Stack>
  );
}

/**
 * `/setup`, outside the shell, only while the deployment has no user: the setup code from the server's log, the
 * platform administrator (who also owns the first organisation) and that organisation. Then it signs in as the new
 * administrator, through the ordinary sign-in, and opens the app.
 */
export function SetupPage() {
  const { t } = useTranslation();
  const router = useRouter();
  const queryClient = useQueryClient();
  const schema = useMemo(() => createSetupSchema(t), [t]);
  const form = useForm<SetupFormValues, unknown, SetupFormOutput>({
    resolver: zodResolver(schema),
    defaultValues: EMPTY_SETUP_FORM,
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  // The slug follows the name until the user edits it (and again if they empty it).
  const [slugEdited, setSlugEdited] = useState(false);
  const lockout = useCountdown();

  const signInAfterSetup = async (email: string, password: string) => {
    try {
      const result = await login({ email, password });
      if (result.kind === 'signed-in') {
        queryClient.clear();
        await router.navigate({ to: '/', replace: true });
        return;
      }
    } catch {
      // Signing in by hand works too: the sign-in page says that setup is complete.
    }
    await router.navigate({ to: '/login', search: { notice: 'setup_complete' }, replace: true });
  };

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      await unwrap(client.POST('/setup', { body: toSetupRequest(values) }));
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.status === 403) {
        form.setError('setup_code', { type: 'server', message: t('setup.errors.code') }, { shouldFocus: true });
        return;
      }
      if (error.status === 409) {
        queryClient.setQueryData(setupStatusQueryKey, { required: false });
        setDone(true);
        return;
      }
      if (error.isValidation) {
        applyPasswordProblem(error, {
          setError: form.setError,
          fields: SETUP_FORM_FIELDS,
          passwordFields: ['password'],
          notify: setProblem,
          t,
        });
        return;
      }
      if (error.isRateLimited) lockout.start(error.retryAfter ?? 0);
      setProblem(error);
      return;
    }
    queryClient.setQueryData(setupStatusQueryKey, { required: false });
    await signInAfterSetup(values.email, values.password);
  });

  const name = form.register('organization.name');
  const slug = form.register('organization.slug');

  return (
    <AuthFrame width={680} title={t('setup.title')} description={t('setup.description')}>
      {done ? (
        <AlreadyDone />
      ) : (
        <form
          noValidate
          aria-label={t('setup.title')}
          onSubmit={(event) => {
            void onSubmit(event);
          }}
        >
          <Stack gap="lg">
            {problem ? <SignInProblem error={problem} text={signInProblemText(problem, t, problem.title)} /> : null}
            <Alert role="note" color="gray" variant="light" icon={<IconTerminal2 aria-hidden />}>
              <Text size="sm">
                <Trans i18nKey="setup.codeHelp" components={{ code: <Code /> }} />
              </Text>
            </Alert>
            <TextInput
              {...form.register('setup_code')}
              label={t('setup.fields.code')}
              description={t('setup.fields.codeDescription')}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={64}
              required
              error={errors.setup_code?.message}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <Fieldset legend={t('setup.administrator')}>
              <Stack gap="md">
                <Text size="sm" c="dimmed">
                  {t('setup.administratorDescription')}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    {...form.register('name')}
                    label={t('setup.fields.name')}
                    autoComplete="name"
                    maxLength={200}
                    required
                    error={errors.name?.message}
                  />
                  <TextInput
                    {...form.register('email')}
                    type="email"
                    label={t('login.email')}
                    autoComplete="username"
                    autoCapitalize="none"
                    spellCheck={false}
                    maxLength={254}
                    required
                    error={errors.email?.message}
                  />
                </SimpleGrid>
                <NewPasswordInputs
                  label={t('login.password')}
                  password={form.register('password')}
                  confirmation={form.register('confirmation')}
                  passwordError={errors.password?.message}
                  confirmationError={errors.confirmation?.message}
                />
              </Stack>
            </Fieldset>
            <Fieldset legend={t('setup.organization')}>
              <Stack gap="md">
                <TextInput
                  {...name}
                  onChange={(event) => {
                    if (!slugEdited) {
                      form.setValue('organization.slug', slugify(event.target.value), { shouldValidate: form.formState.isSubmitted });
                    }
                    void name.onChange(event);
                  }}
                  label={t('setup.fields.organizationName')}
                  autoComplete="organization"
                  maxLength={200}
                  required
                  error={errors.organization?.name?.message}
                />
                <TextInput
                  {...slug}
                  onChange={(event) => {
                    setSlugEdited(event.target.value !== '');
                    void slug.onChange(event);
                  }}
                  label={t('setup.fields.slug')}
                  description={t('setup.fields.slugDescription')}
                  autoCapitalize="none"
                  spellCheck={false}
                  maxLength={SLUG_MAX}
                  required
                  error={errors.organization?.slug?.message}
                />
                <Controller
                  control={form.control}
                  name="organization.kind"
                  render={({ field, fieldState }) => (
                    <Radio.Group
                      name={field.name}
                      value={field.value}
                      onChange={field.onChange}
                      label={t('setup.fields.kind')}
                      required
                      error={fieldState.error?.message}
                    >
                      <Stack gap="xs" mt={6}>
                        {ORGANIZATION_KINDS.map((kind) => (
                          <Radio
                            key={kind}
                            value={kind}
                            label={t(`header.kind.${kind}`)}
                            description={t(`setup.kinds.${kind}`)}
                          />
                        ))}
                      </Stack>
                    </Radio.Group>
                  )}
                />
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    {...upperCase(form.register('organization.identifier'))}
                    label={t('setup.fields.identifier')}
                    description={t('setup.fields.identifierDescription')}
                    autoCapitalize="characters"
                    spellCheck={false}
                    maxLength={16}
                    required
                    error={errors.organization?.identifier?.message}
                  />
                  <TextInput
                    {...upperCase(form.register('organization.country'))}
                    label={t('setup.fields.country')}
                    description={t('setup.fields.countryDescription')}
                    autoComplete="country"
                    maxLength={2}
                    error={errors.organization?.country?.message}
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>
            <Button type="submit" size="md" loading={isSubmitting} disabled={lockout.remaining > 0}>
              {t('setup.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
