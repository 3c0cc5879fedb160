import { Alert, Button, Code, CopyButton, Group, List, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export interface SecretRevealProps {
  secret: string;
  /** After a rotation: the previous secret keeps signing for a while. */
  rotated?: boolean;
  onDone: () => void;
}

/**
 * A signing secret, shown once with a copy button and how a receiver checks the signature. It lives only in the
 * caller's state until dismissed: nothing is stored.
 */
export function SecretReveal({ secret, rotated = false, onDone }: SecretRevealProps) {
  const { t } = useTranslation();
  return (
    <Alert
      color="blue"
      variant="light"
      icon={<IconKey aria-hidden />}
      title={rotated ? t('webhooks.secret.rotatedTitle') : t('webhooks.secret.title')}
      data-testid="webhook-secret"
    >
      <Stack gap="sm">
        <Text size="sm" fw={700}>
          {t('webhooks.secret.warning')}
        </Text>
        {rotated ? <Text size="sm">{t('webhooks.secret.overlap')}</Text> : null}
        <Group gap="xs" wrap="nowrap" align="center">
          <Code fz="sm" data-testid="webhook-secret-value" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="default"
                onClick={copy}
                leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
              >
                {copied ? t('common.copied') : t('webhooks.secret.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('webhooks.secret.verifyTitle')}
          </Text>
          <List size="sm" type="ordered" spacing={2}>
            <List.Item>
              {t('webhooks.secret.verifyHeaders')} <Code>webhook-id</Code>, <Code>webhook-timestamp</Code>,{' '}
              <Code>webhook-signature</Code>
            </List.Item>
            <List.Item>
              {t('webhooks.secret.verifySign')} <Code>{'{webhook-id}.{webhook-timestamp}.{body}'}</Code>
            </List.Item>
            <List.Item>{t('webhooks.secret.verifyCompare')}</List.Item>
            <List.Item>{t('webhooks.secret.verifyTimestamp')}</List.Item>
          </List>
        </Stack>
        <div>
          <Button variant="default" onClick={onDone}>
            {t('webhooks.secret.done')}
          </Button>
        </div>
      </Stack>
    </Alert>
  );
}
