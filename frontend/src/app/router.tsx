import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
  type RouterHistory,
} from '@tanstack/react-router';
import { startSession } from '../lib/session';
import { AdministrationPage } from '../modules/administration/AdministrationPage';
import { AuditLogPage } from '../modules/administration/AuditLogPage';
import { validateAuditSearch } from '../modules/administration/auditSearch';
import { OrganizationSettingsPage } from '../modules/administration/OrganizationSettingsPage';
import { HomePage } from '../modules/dashboard/HomePage';
import { LoginPage } from '../modules/identity/LoginPage';
import { validateLoginSearch } from '../modules/identity/loginSearch';
import { ProfilePage } from '../modules/identity/ProfilePage';
import { AboutPage } from '../modules/platform/AboutPage';
import { RouteErrorFallback } from '../ui/ErrorBoundary';
import { AppLayout } from './layout/AppLayout';
import { MODULES } from './modules';
import { ComingSoonPage } from './pages/ComingSoonPage';
import { FullPageLoader } from './pages/FullPageLoader';
import { ModuleGate } from './pages/ModuleGate';
import { NotFoundPage } from './pages/NotFoundPage';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorFallback,
});

/** The sign-in page, outside the shell. Someone already signed in goes where they were heading. */
const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: validateLoginSearch,
  beforeLoad: async ({ search }) => {
    if ((await startSession()) === 'signed-in') redirect({ href: search.redirect ?? '/', replace: true, throw: true });
  },
  component: LoginPage,
});

/**
 * Every other page: the shell, for a session (or the development bootstrap administrator). Without one, the sign-in
 * page, which brings the user back here afterwards.
 */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: async ({ location }) => {
    if ((await startSession()) === 'signed-out') {
      redirect({ to: '/login', search: { redirect: location.href }, replace: true, throw: true });
    }
  },
  component: AppLayout,
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });

const aboutRoute = createRoute({ getParentRoute: () => appRoute, path: '/about', component: AboutPage });

const profileRoute = createRoute({ getParentRoute: () => appRoute, path: '/profile', component: ProfilePage });

const administrationRoute = createRoute({
  getParentRoute: () => appRoute,
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
    getParentRoute: () => appRoute,
    path: module.path,
    component: () => (
      <ModuleGate slug={module.slug}>
        <ComingSoonPage slug={module.slug} />
      </ModuleGate>
    ),
  }),
);

/** Any other address: the 404 page inside the shell (behind the same session check as every page). */
const notFoundRoute = createRoute({ getParentRoute: () => appRoute, path: '$', component: NotFoundPage });

export const routeTree = rootRoute.addChildren([
  loginRoute,
  appRoute.addChildren([
    homeRoute,
    aboutRoute,
    profileRoute,
    administrationRoute.addChildren([administrationIndexRoute, organizationSettingsRoute, auditLogRoute]),
    ...placeholderRoutes,
    notFoundRoute,
  ]),
]);

export function createAppRouter({ queryClient, history }: { queryClient: QueryClient; history?: RouterHistory }) {
  return createRouter({
    routeTree,
    context: { queryClient },
    history,
    defaultPreload: 'intent',
    // Data comes from TanStack Query, which has its own cache: no router-level caching of loaders.
    defaultPreloadStaleTime: 0,
    // Shown while the session is being restored at start (after the router's default delay of one second).
    defaultPendingComponent: FullPageLoader,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
