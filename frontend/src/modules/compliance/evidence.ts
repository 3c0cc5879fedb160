/** How the compliance pages show a piece of evidence: its period, and whether it counts today. */
import type { TFunction } from 'i18next';
import { formatDay } from '../assets/assetFormat';
import type { Evidence } from './complianceApi';

export type EvidencePeriodState = 'in_effect' | 'expired' | 'upcoming';

/**
 * Whether the evidence counts on `today` (`YYYY-MM-DD`): its period is inclusive at both ends, and an open end is
 * unbounded (as the server evaluates it).
 */
export function periodState(evidence: Pick<Evidence, 'effective_from' | 'effective_to'>, today: string): EvidencePeriodState {
  if (evidence.effective_to !== null && evidence.effective_to < today) return 'expired';
  if (evidence.effective_from !== null && evidence.effective_from > today) return 'upcoming';
  return 'in_effect';
}

/** "Always", "From 1 Jan 2026", "Until 31 Dec 2026" or "1 Jan 2026 – 31 Dec 2026", in the UI language. */
export function periodLabel(evidence: Pick<Evidence, 'effective_from' | 'effective_to'>, t: TFunction, language: string): string {
  const from = evidence.effective_from ? formatDay(evidence.effective_from, language) : undefined;
  const to = evidence.effective_to ? formatDay(evidence.effective_to, language) : undefined;
  if (from !== undefined && to !== undefined) return t('compliance.evidence.period.between', { from, to });
  if (from !== undefined) return t('compliance.evidence.period.from', { from });
  if (to !== undefined) return t('compliance.evidence.period.until', { to });
  return t('compliance.evidence.period.always');
}
