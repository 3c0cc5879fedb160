import { ActionIcon, Button, CopyButton, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconEye, IconEyeOff } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import { showProblemNotification } from '../../lib/problemNotification';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { useRecentSignIn } from '../identity/useRecentSignIn';
import { type Licence, useRevealKey } from './softwareApi';

/** How long a revealed key stays on screen. */
export const REVEAL_SECONDS = 60;

/**
 * The licence key: its hint, and for writers a "Reveal" that asks first (the read is audited), then shows the key in
 * a read-only field with a copy button until hidden (by the user, or after a minute).
 */
export function RevealKey({ licence, canReveal }: { licence: Licence; canReveal: boolean }) {
  const { t } = useTranslation();
  const reveal = useRevealKey(licence.id);
  const recentSignIn = useRecentSignIn();
  const [asking, setAsking] = useState(false);
  // The key shown, for the version it was read at: another licence or a changed one hides it.
  const [revealed, setRevealed] = useState<{ id: string; version: number; key: string } | null>(null);
  const key = revealed?.id === licence.id && revealed.version === licence.version ? revealed.key : null;
  const setKey = (value: string | null) => {
    setRevealed(value === null ? null : { id: licence.id, version: licence.version, key: value });
  };

  useEffect(() => {
    if (key === null) return undefined;
    const timer = window.setTimeout(() => {
      setRevealed(null);
    }, REVEAL_SECONDS * 1000);
    return () => {
      window.clearTimeout(timer);
    };
  }, [key]);
  if (!licence.has_key) {
    return (
      <Text size="sm" c="dimmed">
        {t('software.key.none')}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      {key === null ? (
        <Group gap="sm">
          <Text size="sm" ff="monospace">
            {licence.key_hint || t('software.key.stored')}
          </Text>
          {canReveal ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconEye size={14} aria-hidden />}
              onClick={() => {
                setAsking(true);
              }}
            >
              {t('software.key.reveal')}
            </Button>
          ) : null}
        </Group>
      ) : (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label={t('software.fields.licence_key')}
            description={t('software.key.shownFor', { seconds: REVEAL_SECONDS })}
            value={key}
            readOnly
            ff="monospace"
            style={{ flex: 1 }}
            onFocus={(event) => {
              event.currentTarget.select();
            }}
          />
          <CopyButton value={key}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('software.key.copied') : t('software.key.copy')} withArrow>
                <ActionIcon
                  variant="default"
                  size="lg"
                  onClick={copy}
                  aria-label={copied ? t('software.key.copied') : t('software.key.copy')}
                >
                  {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
          <Button
            variant="default"
            leftSection={<IconEyeOff size={16} aria-hidden />}
            onClick={() => {
              setKey(null);
            }}
          >
            {t('software.key.hide')}
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={asking}
        title={t('software.key.confirmTitle', { name: licence.name })}
        confirmLabel={t('software.key.confirm')}
        onClose={() => {
          setAsking(false);
        }}
        onConfirm={async () => {
          const read = async () => {
            setKey(await reveal.mutateAsync());
          };
          try {
            await read();
          } catch (thrown) {
            // Reading a key needs a recent sign-in: prove who you are again, then it is read.
            if (!toApiError(thrown).isReauthenticationRequired) throw thrown;
            recentSignIn.require(() =>
              read().catch((again: unknown) => {
                showProblemNotification(toApiError(again));
              }),
            );
          }
        }}
      >
        {t('software.key.confirmBody')}
      </ConfirmModal>
      {recentSignIn.prompt}
    </Stack>
  );
}
