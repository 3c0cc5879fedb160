import { Alert, Box, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { recoveryCodesFile } from './totp';

export interface RecoveryCodesProps {
  codes: readonly string[];
  account: string;
  onDone: () => void;
}

/** The ten one-time recovery codes, shown once right after enrolment, to copy or download now. */
export function RecoveryCodes({ codes, account, onDone }: RecoveryCodesProps) {
  const { t } = useTranslation();
  const text = recoveryCodesFile(codes, account, t('profile.totp.codesFileHeading'));
  // A data: URL needs no clean-up and the CSP allows it; the download attribute saves it rather than opening it.
  const href = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  return (
    <Stack gap="md">
      <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
        <Text fw={700} size="sm">
          {t('profile.totp.codesStoreNow')}
        </Text>
        <Text size="sm">{t('profile.totp.codesExplain')}</Text>
      </Alert>
      <Box
        component="ul"
        aria-label={t('profile.totp.codesLabel')}
        data-testid="recovery-codes"
        m={0}
        p={0}
        style={{
          listStyle: 'none',
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(11rem, 1fr))',
          gap: 'var(--mantine-spacing-xs)',
        }}
      >
        {codes.map((code) => (
          <li key={code}>
            <Code fz="md">{code}</Code>
          </li>
        ))}
      </Box>
      <Group gap="sm">
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              onClick={copy}
            >
              {copied ? t('common.copied') : t('profile.totp.copyCodes')}
            </Button>
          )}
        </CopyButton>
        <Button
          component="a"
          href={href}
          download="opsdeck-recovery-codes.txt"
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          {t('profile.totp.downloadCodes')}
        </Button>
        <Button onClick={onDone}>{t('profile.totp.codesDone')}</Button>
      </Group>
    </Stack>
  );
}
