import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Image,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconShieldLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { components } from '../../api/schema';
import { applyProblemToForm, client, toApiError, unwrap } from '../../lib/api';
import { type Me, meQueryKey, mfaEnrolmentRequired } from '../../lib/me';
import { showProblemNotification } from '../../lib/problemNotification';
import { SignInAgainAlert } from './ReauthenticationAlert';
import { RecoveryCodes } from './RecoveryCodes';
import { groupSecret, normalizeTotpCode } from './totp';
import { useRecentSignIn } from './useRecentSignIn';

type TotpEnrolment = components['schemas']['TotpEnrolment'];

type Stage = { kind: 'idle' } | { kind: 'enrolling'; enrolment: TotpEnrolment } | { kind: 'codes'; codes: string[] };

interface EnrolmentProps {
  enrolment: TotpEnrolment;
  onVerified: (codes: string[]) => void;
  onCancel: () => void;
  /** The server wants a recent sign-in: `retry` sends the code again once the user proved it. */
  onReauthenticate: (retry: () => unknown) => void;
}

/** Scan (or type) the secret, then prove it works with a first code. */
function Enrolment({ enrolment, onVerified, onCancel, onReauthenticate }: EnrolmentProps) {
  const { t } = useTranslation();
  const schema = useMemo(
    () =>
      z.object({
        code: z
          .string()
          .transform(normalizeTotpCode)
          .pipe(z.string().regex(/^\d{6}$/, t('login.mfa.codeInvalid'))),
      }),
    [t],
  );
  const form = useForm<z.input<typeof schema>, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { code: '' },
  });

  const onSubmit = form.handleSubmit(async ({ code }) => {
    try {
      const { data } = await unwrap(client.POST('/me/mfa/totp/verify', { body: { code } }));
      onVerified(data.recovery_codes);
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isReauthenticationRequired) {
        onReauthenticate(() => onSubmit());
        return;
      }
      if (error.status === 409) {
        showProblemNotification(error);
        onCancel();
        return;
      }
      applyProblemToForm(error, { setError: form.setError, fields: ['code'] });
    }
  });

  return (
    <Stack gap="md">
      <Text size="sm">{t('profile.totp.scan')}</Text>
      <Group align="flex-start" gap="lg">
        <Image
          src={`data:image/png;base64,${enrolment.qr_png}`}
          alt={t('profile.totp.qrAlt')}
          w={180}
          h={180}
          fit="contain"
          radius="sm"
          bg="white"
          p={6}
          style={{ border: '1px solid var(--mantine-color-default-border)' }}
        />
        <Stack gap={6} maw={360}>
          <Text size="sm">{t('profile.totp.manual')}</Text>
          <Group gap={4} wrap="nowrap">
            <Code fz="sm" data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>
              {groupSecret(enrolment.secret)}
            </Code>
            <CopyButton value={enrolment.secret}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('common.copied') : t('profile.totp.copySecret')}>
                  <ActionIcon variant="subtle" aria-label={t('profile.totp.copySecret')} onClick={copy}>
                    {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Stack>
      </Group>
      <form
        noValidate
        aria-label={t('profile.totp.verifyLabel')}
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <Stack gap="sm" maw={360}>
          <TextInput
            {...form.register('code')}
            label={t('profile.totp.code')}
            description={t('login.mfa.codeDescription')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={9}
            required
            error={form.formState.errors.code?.message}
          />
          <Group gap="sm">
            <Button type="submit" loading={form.formState.isSubmitting}>
              {t('profile.totp.verify')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** Turning the second factor off needs the password again. */
function DisableForm({
  onDisabled,
  onReauthenticate,
}: {
  onDisabled: () => void;
  onReauthenticate: (retry: () => unknown) => void;
}) {
  const { t } = useTranslation();
  const schema = useMemo(() => z.object({ password: z.string().min(1, t('validation.required')) }), [t]);
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { password: '' } });

  const onSubmit = form.handleSubmit(async ({ password }) => {
    try {
      await unwrap(client.POST('/me/mfa/totp/disable', { body: { password } }));
      form.reset();
      onDisabled();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isReauthenticationRequired) {
        onReauthenticate(() => onSubmit());
        return;
      }
      applyProblemToForm(error, { setError: form.setError, fields: ['password'] });
    }
  });

  return (
    <form
      noValidate
      aria-label={t('profile.totp.disableLabel')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="sm" maw={360}>
        <PasswordInput
          {...form.register('password')}
          label={t('profile.totp.password')}
          description={t('profile.totp.passwordDescription')}
          autoComplete="current-password"
          required
          error={form.formState.errors.password?.message}
          aria-invalid={form.formState.errors.password ? true : undefined}
          visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
        />
        <div>
          <Button type="submit" color="red.9" loading={form.formState.isSubmitting}>
            {t('profile.totp.disable')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

/**
 * Profile → two-step verification: enrol an authenticator app (QR code or secret, a first code, then the recovery
 * codes shown once), or turn it off with the password. /me says whether an app is active (`mfa_enrolled`); what the
 * user does here updates it at once, then /me is read again.
 */
export function TwoStepSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [starting, setStarting] = useState(false);
  const recentSignIn = useRecentSignIn();
  // Enrolled while the organisation requires it: the session stays restricted until a sign-in with the new factor.
  const [signInAgain, setSignInAgain] = useState(false);
  const on = me.mfa_enrolled;

  const setEnrolled = (enrolled: boolean) => {
    queryClient.setQueryData<Me>(meQueryKey, (current) => (current ? { ...current, mfa_enrolled: enrolled } : current));
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
  };

  const start = async () => {
    setStarting(true);
    try {
      const { data } = await unwrap(client.POST('/me/mfa/totp'));
      setStage({ kind: 'enrolling', enrolment: data });
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isReauthenticationRequired) recentSignIn.require(start);
      else if (error.status === 409) {
        setEnrolled(true);
        notifications.show({ message: t('profile.totp.alreadyOn') });
      } else showProblemNotification(error);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="two-step-title">
      <Stack gap="md">
        <Group justify="space-between" align="center">
          <Group gap="xs">
            <IconShieldLock size={22} aria-hidden />
            <Title order={2} size="h3" id="two-step-title">
              {t('profile.totp.title')}
            </Title>
          </Group>
          <Badge variant="dot" color={on ? 'green' : 'gray'} size="lg" data-testid="two-step-status">
            {on ? t('profile.totp.on') : t('profile.totp.off')}
          </Badge>
        </Group>
        {recentSignIn.prompt}
        {signInAgain ? <SignInAgainAlert returnTo="/" /> : null}

        {stage.kind === 'enrolling' ? (
          <Enrolment
            enrolment={stage.enrolment}
            onReauthenticate={recentSignIn.require}
            onCancel={() => {
              setStage({ kind: 'idle' });
            }}
            onVerified={(codes) => {
              setEnrolled(true);
              setStage({ kind: 'codes', codes });
            }}
          />
        ) : null}

        {stage.kind === 'codes' ? (
          <RecoveryCodes
            codes={stage.codes}
            account={me.email}
            onDone={() => {
              setStage({ kind: 'idle' });
              notifications.show({ color: 'green', message: t('profile.totp.enabled') });
              if (mfaEnrolmentRequired(me)) setSignInAgain(true);
            }}
          />
        ) : null}

        {stage.kind === 'idle' && !on ? (
          <Stack gap="sm" align="flex-start">
            <Text size="sm">{t('profile.totp.offBody')}</Text>
            <Text size="sm" c="dimmed">
              {t('profile.totp.recentSignIn')}
            </Text>
            <Button onClick={() => void start()} loading={starting}>
              {t('profile.totp.start')}
            </Button>
          </Stack>
        ) : null}

        {stage.kind === 'idle' && on ? (
          <Stack gap="md">
            <Text size="sm">{t('profile.totp.onBody')}</Text>
            <DisableForm
              onReauthenticate={recentSignIn.require}
              onDisabled={() => {
                setEnrolled(false);
                notifications.show({ message: t('profile.totp.disabled') });
              }}
            />
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
