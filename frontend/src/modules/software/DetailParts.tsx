import { Alert, Button, Group } from '@mantine/core';
import { IconArchive, IconArrowBackUp, IconLock, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { EntityHistory } from '../../ui/audit/EntityHistory';

/** The audit trail of a record; reading it needs administration read (there is no per-record timeline endpoint). */
export function History({ entityType, entityId }: { entityType: string; entityId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!can(me.data, 'administration', 'read')) {
    return (
      <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
        {t('software.detail.historyNeedsAdmin')}
      </Alert>
    );
  }
  return <EntityHistory entityType={entityType} entityId={entityId} />;
}

/** Edit, archive and restore buttons of a detail page. */
export function RecordActions({
  archived,
  onEdit,
  onArchive,
  onRestore,
}: {
  archived: boolean;
  onEdit: () => void;
  onArchive: () => void;
  onRestore: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="sm">
      {!archived ? (
        <Button variant="filled" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
          {t('software.actions.edit')}
        </Button>
      ) : null}
      {archived ? (
        <Button variant="default" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={onRestore}>
          {t('software.actions.restore')}
        </Button>
      ) : (
        <Button variant="default" leftSection={<IconArchive size={16} aria-hidden />} onClick={onArchive}>
          {t('software.actions.archive')}
        </Button>
      )}
    </Group>
  );
}
