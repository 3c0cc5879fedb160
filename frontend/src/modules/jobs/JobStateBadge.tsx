import type { BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { JOB_STATE_COLORS } from './jobLabels';
import type { JobState } from './jobsApi';
import { ReadableBadge } from '../../ui/ReadableBadge';

/** A job's state in words, coloured by outcome (running blue, completed green, discarded red). */
export function JobStateBadge({
  state,
  ...props
}: { state: JobState } & Omit<BadgeProps, 'children' | 'color' | 'variant' | 'style'>) {
  const { t } = useTranslation();
  return (
    <ReadableBadge color={JOB_STATE_COLORS[state]} data-state={state} {...props}>
      {t(`jobs.states.${state}`)}
    </ReadableBadge>
  );
}
