import { IconRecycle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { RouterButton } from '../../ui/RouterLinks';
import { type ItemKind, useItemDisposal } from './disposalsApi';

/** On a disposed item's page: the way to its disposal record (certificate, corrections). */
export function DisposalRecordLink({ kind, id, disposed }: { kind: ItemKind; id: string; disposed: boolean }) {
  const { t } = useTranslation();
  const disposal = useItemDisposal(kind, id, disposed);
  if (!disposed || !disposal.data) return null;
  return (
    <RouterButton
      variant="default"
      to="/assets/disposals/$id"
      params={{ id: disposal.data.id }}
      leftSection={<IconRecycle size={16} aria-hidden />}
    >
      {t('inventoryAssets.disposals.recordLink')}
    </RouterButton>
  );
}
