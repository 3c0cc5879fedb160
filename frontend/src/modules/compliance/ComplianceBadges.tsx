import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ReadableBadge } from '../../ui/ReadableBadge';
import { attributeValue } from './controlAttributes';
import {
  APPLICABILITY_COLOURS,
  type Applicability,
  type ControlKind,
  type ControlStatusValue,
  type FrameworkOrigin,
  ORIGIN_COLOURS,
  type RuleStatus,
  STATUS_COLOURS,
} from './complianceApi';

export function OriginBadge({ origin }: { origin: FrameworkOrigin }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={ORIGIN_COLOURS[origin]} data-state={origin}>
      {t(`compliance.origins.${origin}`)}
    </ReadableBadge>
  );
}

export function ApplicabilityBadge({ applicability }: { applicability: Applicability }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={APPLICABILITY_COLOURS[applicability]} data-state={applicability}>
      {t(`compliance.applicability.${applicability}`)}
    </ReadableBadge>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={active ? 'green' : 'gray'} data-state={active ? 'active' : 'inactive'}>
      {active ? t('compliance.frameworks.active') : t('compliance.frameworks.inactive')}
    </ReadableBadge>
  );
}

export function ArchivedBadge() {
  const { t } = useTranslation();
  return <ReadableBadge color="gray">{t('compliance.archived')}</ReadableBadge>;
}

export function ControlKindBadge({ kind }: { kind: ControlKind }) {
  const { t } = useTranslation();
  return <ReadableBadge color="indigo">{t(`compliance.kinds.${kind}`)}</ReadableBadge>;
}

/** One publisher attribute's values as badges. */
export function AttributeBadges({ name, values }: { name: string; values: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {values.map((value) => (
        <Badge key={value} variant="outline" color="gray" tt="none">
          {attributeValue(name, value, t)}
        </Badge>
      ))}
    </Group>
  );
}

/** A control's computed status (framework status): compliant, manual, warning, non-compliant, uncovered, not applicable. */
export function ControlStatusBadge({ status }: { status: ControlStatusValue }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={STATUS_COLOURS[status]} data-state={status}>
      {t(`compliance.status.${status}`)}
    </ReadableBadge>
  );
}

/** A rule's live status; `unknown` is a disabled rule, which is not evaluated. */
export function RuleStatusBadge({ status }: { status: RuleStatus }) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={STATUS_COLOURS[status]} data-state={status}>
      {t(`compliance.ruleStatus.${status}`)}
    </ReadableBadge>
  );
}
