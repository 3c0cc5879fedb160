import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** 412: someone else saved a newer version meanwhile; reloading shows it (and drops what was typed). */
export function ConflictAlert({ body, onReload }: { body: string; onReload: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const [reloading, setReloading] = useState(false);
  return (
    <Alert role="alert" color="orange" variant="light" styles={{ title: { color: 'var(--mantine-color-text)' } }} icon={<IconAlertTriangle aria-hidden />} title={t('assets.edit.conflictTitle')}>
      <Stack gap="sm" align="flex-start">
        {body}
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} aria-hidden />}
          loading={reloading}
          onClick={() => {
            setReloading(true);
            void onReload().finally(() => {
              setReloading(false);
            });
          }}
        >
          {t('assets.edit.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}
