import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import { AdministrationPage } from '../modules/administration/AdministrationPage';
import { AuditLogPage } from '../modules/administration/AuditLogPage';
import { validateAuditSearch } from '../modules/administration/auditSearch';
import { OrganizationSettingsPage } from '../modules/administration/OrganizationSettingsPage';
import { HomePage } from '../modules/dashboard/HomePage';
import { AboutPage } from '../modules/platform/AboutPage';
import { RouteErrorFallback } from '../ui/ErrorBoundary';
import { AppLayout } from './layout/AppLayout';
import { MODULES } from './modules';
import { ComingSoonPage } from './pages/ComingSoonPage';
import { ModuleGate } from './pages/ModuleGate';
import { NotFoundPage } from './pages/NotFoundPage';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorFallback,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

const aboutRoute = createRoute({ getParentRoute: () => rootRoute, path: '/about', component: AboutPage });

const administrationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/administration',
  component: () => (
    <ModuleGate slug="administration">
      <Outlet />
    </ModuleGate>
  ),
});

const administrationIndexRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/',
  component: AdministrationPage,
});

const organizationSettingsRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/organization',
  component: OrganizationSettingsPage,
});

const auditLogRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/audit-log',
  // The filters are in the address, so that a filtered view can be bookmarked and shared.
  validateSearch: validateAuditSearch,
  component: AuditLogPage,
});

/**
 * Modules whose pages are not built yet: the route exists (behind the module gate) and says so. A module that gets
 * real pages defines its own route tree and leaves this list.
 */
const placeholderRoutes = MODULES.filter((module) => module.slug !== 'administration').map((module) =>
  createRoute({
    getParentRoute: () => rootRoute,
    path: module.path,
    component: () => (
      <ModuleGate slug={module.slug}>
        <ComingSoonPage slug={module.slug} />
      </ModuleGate>
    ),
  }),
);

export const routeTree = rootRoute.addChildren([
  homeRoute,
  aboutRoute,
  administrationRoute.addChildren([administrationIndexRoute, organizationSettingsRoute, auditLogRoute]),
  ...placeholderRoutes,
]);

export function createAppRouter({ queryClient, history }: { queryClient: QueryClient; history?: RouterHistory }) {
  return createRouter({
    routeTree,
    context: { queryClient },
    history,
    defaultPreload: 'intent',
    // Data comes from TanStack Query, which has its own cache: no router-level caching of loaders.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
