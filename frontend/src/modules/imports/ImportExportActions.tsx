import { Group } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { RouterButton } from '../../ui/RouterLinks';
import { ExportMenu } from './ExportMenu';
import { IMPORT_ENTITIES, type ImportEntity } from './importsApi';


/**
 * A list page's header actions for files: "Import" (to the wizard, for who may write the module) and the export menu
 * (for who may read it: the list is shown to them only).
 */
export function ImportExportActions({ entity }: { entity: ImportEntity }) {
  const { t } = useTranslation();
  const me = useMe();
  const writer = can(me.data, IMPORT_ENTITIES[entity].module, 'write');
  return (
    <Group gap="xs">
      {writer ? (
        <RouterButton
          to="/assets/import"
          search={{ entity: entity === 'asset' ? undefined : entity }}
          variant="default"
          leftSection={<IconUpload size={16} aria-hidden />}
        >
          {t('imports.open')}
        </RouterButton>
      ) : null}
      <ExportMenu entity={entity} />
    </Group>
  );
}
