/** The assets module's sections, for its navigation. */
import {
  IconBuildingWarehouse,
  IconChartBar,
  IconClipboardCheck,
  IconDevices,
  IconFileAnalytics,
  IconKey,
  IconKeyboard,
  IconMapPin,
  IconPackages,
  IconRecycle,
  IconSettingsCode,
  IconTool,
  type Icon,
} from '@tabler/icons-react';

/** The module's sections, by the first path segment after /assets (the assets list has none). */
export const SECTIONS = [
  { key: 'assets', to: '/assets', icon: IconDevices },
  { key: 'peripherals', to: '/assets/peripherals', icon: IconKeyboard },
  { key: 'locations', to: '/assets/locations', icon: IconMapPin },
  { key: 'models', to: '/assets/models', icon: IconBuildingWarehouse },
  { key: 'maintenance', to: '/assets/maintenance', icon: IconTool },
  { key: 'disposals', to: '/assets/disposals', icon: IconRecycle },
  { key: 'inventory', to: '/assets/inventory', icon: IconClipboardCheck },
  { key: 'software', to: '/assets/software', icon: IconPackages },
  { key: 'licences', to: '/assets/licences', icon: IconKey },
  { key: 'configurations', to: '/assets/configurations', icon: IconSettingsCode },
  { key: 'dashboard', to: '/assets/dashboard', icon: IconChartBar },
  { key: 'reports', to: '/assets/reports', icon: IconFileAnalytics },
] as const satisfies readonly { key: string; to: string; icon: Icon }[];

export type AssetsSectionKey = (typeof SECTIONS)[number]['key'];

/**
 * The section a path belongs to: `/assets/licences/123` is Licences; the assets list, an asset's page
 * (`/assets/<id>`) and the import wizard are Assets.
 */
export function sectionOf(pathname: string): AssetsSectionKey {
  const segment = pathname.split('/')[2] ?? '';
  const found = SECTIONS.find((section) => section.key !== 'assets' && section.key === segment);
  return found ? found.key : 'assets';
}
