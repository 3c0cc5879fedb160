import { useTranslation } from 'react-i18next';

/** Fields of the asset that have a name in the catalogues; others (custom fields…) show as the API spells them. */
const KNOWN_FIELDS = [
  'name',
  'asset_tag',
  'serial',
  'model_id',
  'location_id',
  'holder_id',
  'status',
  'purchase_date',
  'cost',
  'currency',
  'warranty_months',
  'supplier_name',
  'critical',
  'virtual',
  'remote',
  'comments',
  'tags',
] as const;
type KnownField = (typeof KNOWN_FIELDS)[number];

/** Labels of the fields of assets and peripherals in their timelines. */
export function useAssetFieldLabel() {
  const { t } = useTranslation();
  return (field: string) =>
    (KNOWN_FIELDS as readonly string[]).includes(field) ? t(`assets.history.fields.${field as KnownField}`) : undefined;
}
