/** Publisher attributes of a control (e.g. CIS implementation groups) in the UI's language. */
import type { TFunction } from 'i18next';

const CONTROL_TYPES = ['preventive', 'detective', 'corrective'] as const;
type ControlType = (typeof CONTROL_TYPES)[number];

function isControlType(value: string): value is ControlType {
  return (CONTROL_TYPES as readonly string[]).includes(value);
}

/** The name of an attribute: the known ones translated, others as the publisher's file spells them. */
export function attributeLabel(key: string, t: TFunction): string {
  switch (key) {
    case 'ig':
      return t('compliance.attributes.ig');
    case 'control_type':
      return t('compliance.attributes.control_type');
    case 'coso_principle':
      return t('compliance.attributes.coso_principle');
    default:
      return key;
  }
}

/** One value: CIS implementation groups as IG1…IG3, ISO/IEC 27002 control types named, others as they are. */
export function attributeValue(key: string, value: string, t: TFunction): string {
  if (key === 'ig') return /^\d+$/.test(value) ? `IG${value}` : value;
  if (key === 'control_type' && isControlType(value)) return t(`compliance.attributes.controlTypes.${value}`);
  return value;
}

/** The attributes in a stable order: the known ones first, then the others by name. */
export function attributeEntries(attributes: Readonly<Record<string, readonly string[]>>): [string, readonly string[]][] {
  const known = ['ig', 'control_type', 'coso_principle'];
  const rank = (key: string) => (known.includes(key) ? known.indexOf(key) : known.length);
  return Object.entries(attributes)
    .filter(([, values]) => values.length > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
