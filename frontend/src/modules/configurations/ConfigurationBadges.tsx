import { useTranslation } from 'react-i18next';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { type ConfigurationChange, type ConfigurationKind, KIND_COLOURS } from './configurationsApi';

export function KindBadge({ kind }: { kind: ConfigurationKind }) {
  const { t } = useTranslation();
  return <ReadableBadge color={KIND_COLOURS[kind]}>{t(`configurations.kinds.${kind}`)}</ReadableBadge>;
}

const OP_COLOURS: Readonly<Record<ConfigurationChange['op'], string>> = { added: 'green', removed: 'red', changed: 'orange' };

export function ChangeOpBadge({ op }: { op: ConfigurationChange['op'] }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={OP_COLOURS[op]} data-state={op}>
      {t(`configurations.compare.ops.${op}`)}
    </ReadableBadge>
  );
}

export function ArchivedBadge() {
  const { t } = useTranslation();
  return <ReadableBadge color="gray">{t('configurations.archived')}</ReadableBadge>;
}
