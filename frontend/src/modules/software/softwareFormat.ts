/** Formatting of licences: status colours and seat usage. */
import type { Licence, LicenceStatus } from './softwareApi';

export const LICENCE_STATUS_COLORS: Readonly<Record<LicenceStatus, string>> = {
  available: 'green',
  in_use: 'orange',
  expired: 'red',
};

/** "12 / 50" seats, or "12 / unlimited". */
export function seatsLabel(licence: Pick<Licence, 'seats' | 'seats_used'>, t: (key: 'software.seats.unlimited') => string, language: string) {
  const number = new Intl.NumberFormat(language);
  return `${number.format(licence.seats_used)} / ${licence.seats === null ? t('software.seats.unlimited') : number.format(licence.seats)}`;
}

