import { Button, Group } from '@mantine/core';
import { IconArchive, IconArrowBackUp, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { RecordTimeline } from '../../ui/timeline/RecordTimeline';

/** The history of a record: its audit trail (changes with their diff, seats given and released), for who may read it. */
export function History({ entityType, entityId }: { entityType: string; entityId: string }) {
  return <RecordTimeline entityType={entityType} entityId={entityId} />;
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
