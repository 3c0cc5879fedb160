import {
  IconAlertTriangle,
  IconBook,
  IconClipboardCheck,
  IconCoin,
  IconDevices,
  IconFlame,
  IconKey,
  IconListDetails,
  IconMail,
  IconReportAnalytics,
  IconSchool,
  IconSend,
  IconServerCog,
  IconSettings,
  IconShieldCheck,
  IconShoppingCart,
  IconTarget,
  IconUserCheck,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import type { ModuleSlug } from '../lib/deployment';

export interface ModuleDefinition {
  slug: ModuleSlug;
  /** Where the module's pages live in the SPA. */
  path: `/${string}`;
  icon: Icon;
}

/** The modules of SPEC §2 in the order of the navigation. Dashboards (§2.18) is not a module: it is always shown. */
export const MODULES: readonly ModuleDefinition[] = [
  { slug: 'assets', path: '/assets', icon: IconDevices },
  { slug: 'procurement', path: '/procurement', icon: IconShoppingCart },
  { slug: 'finance', path: '/finance', icon: IconCoin },
  { slug: 'services', path: '/services', icon: IconListDetails },
  { slug: 'operations', path: '/operations', icon: IconServerCog },
  { slug: 'risk', path: '/risk', icon: IconAlertTriangle },
  { slug: 'compliance', path: '/compliance', icon: IconShieldCheck },
  { slug: 'audits', path: '/audits', icon: IconClipboardCheck },
  { slug: 'access_reviews', path: '/access-reviews', icon: IconUserCheck },
  { slug: 'incidents', path: '/incidents', icon: IconFlame },
  { slug: 'notifications_regulatory', path: '/regulatory-notifications', icon: IconSend },
  { slug: 'security_objectives', path: '/security-objectives', icon: IconTarget },
  { slug: 'reporting', path: '/reporting', icon: IconReportAnalytics },
  { slug: 'policies', path: '/policies', icon: IconBook },
  { slug: 'training', path: '/training', icon: IconSchool },
  { slug: 'people', path: '/people', icon: IconUsers },
  { slug: 'credentials', path: '/credentials', icon: IconKey },
  { slug: 'communications', path: '/communications', icon: IconMail },
  { slug: 'administration', path: '/administration', icon: IconSettings },
];

export function moduleBySlug(slug: ModuleSlug): ModuleDefinition {
  const found = MODULES.find((module) => module.slug === slug);
  if (!found) throw new Error(`unknown module ${slug}`);
  return found;
}
