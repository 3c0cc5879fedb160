import { Anchor, Button, Stack, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { AuthFrame } from './AuthFrame';
import { loadPage } from './browserNavigation';
import {
  ORGANIZATION_SLUG,
  ORGANIZATION_SLUG_MAX,
  rememberedSsoOrganization,
  rememberSsoOrganization,
  ssoStartUrl,
} from './sso';

function createSchema(t: TFunction) {
  return z.object({
    organization: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, t('validation.required'))
      .max(ORGANIZATION_SLUG_MAX, t('validation.tooLong', { max: ORGANIZATION_SLUG_MAX }))
      .regex(ORGANIZATION_SLUG, t('login.sso.organizationInvalid')),
  });
}

export interface SsoStepProps {
  /** Where to come back after signing in (the server checks it is a path of this site). */
  redirect: string | undefined;
  onBack: () => void;
}

/**
 * Single sign-on: the user names their organisation, and the browser goes to the API, which sends it on to the
 * organisation's identity provider. The provider sends it back to the server, which opens the session (refresh cookie)
 * and redirects to `redirect`, where the app starts the session as on any page load — or to `/login?sso_error=…`.
 */
export function SsoStep({ redirect, onBack }: SsoStepProps) {
  const { t } = useTranslation();
  const schema = useMemo(() => createSchema(t), [t]);
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { organization: rememberedSsoOrganization() },
  });
  const [leaving, setLeaving] = useState(false);

  const onSubmit = form.handleSubmit(({ organization }) => {
    setLeaving(true);
    rememberSsoOrganization(organization);
    loadPage(ssoStartUrl(organization, redirect));
  });

  return (
    <AuthFrame title={t('login.sso.title')} description={t('login.sso.description')}>
      <form
        noValidate
        aria-label={t('login.sso.title')}
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <Stack gap="md">
          <TextInput
            {...form.register('organization')}
            label={t('login.sso.organization')}
            description={t('login.sso.organizationDescription')}
            placeholder="acme-energy"
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={ORGANIZATION_SLUG_MAX}
            required
            error={form.formState.errors.organization?.message}
          />
          <Button type="submit" fullWidth loading={leaving}>
            {t('login.sso.submit')}
          </Button>
        </Stack>
      </form>
      <Anchor component="button" type="button" size="sm" onClick={onBack} ta="center">
        {t('login.sso.back')}
      </Anchor>
    </AuthFrame>
  );
}
