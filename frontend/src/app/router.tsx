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
import { validateGroupSearch, validateMemberSearch } from '../modules/administration/access/accessSearch';
import { GroupsPage } from '../modules/administration/access/GroupsPage';
import { MemberDetailPage } from '../modules/administration/access/MemberDetailPage';
import { MembersPage } from '../modules/administration/access/MembersPage';
import { RolesPage } from '../modules/administration/access/RolesPage';
import { AuditLogPage } from '../modules/administration/AuditLogPage';
import { validateAuditSearch } from '../modules/administration/auditSearch';
import { OrganizationSettingsPage } from '../modules/administration/OrganizationSettingsPage';
import { SsoSettingsPage } from '../modules/administration/security/SsoSettingsPage';
import { AssetDashboardPage } from '../modules/assets/AssetDashboardPage';
import { AssetDetailPage } from '../modules/assets/AssetDetailPage';
import { AssetReportsPage } from '../modules/assets/AssetReportsPage';
import { DisposalDetailPage } from '../modules/assets/DisposalDetailPage';
import { DisposalsPage } from '../modules/assets/DisposalsPage';
import {
  validateDisposalSearch,
  validateMaintenanceSearch,
  validatePeripheralDetailSearch,
  validatePeripheralSearch,
  validateReportsSearch,
} from '../modules/assets/inventorySearch';
import { MaintenanceDetailPage } from '../modules/assets/MaintenanceDetailPage';
import { MaintenancePage } from '../modules/assets/MaintenancePage';
import { PeripheralDetailPage } from '../modules/assets/PeripheralDetailPage';
import { PeripheralsPage } from '../modules/assets/PeripheralsPage';
import { validateAssetDetailSearch, validateAssetSearch, validateLocationSearch, validateModelSearch } from '../modules/assets/assetSearch';
import { AssetsPage } from '../modules/assets/AssetsPage';
import {
  validateControlDetailSearch,
  validateFrameworkDetailSearch,
  validateFrameworkSearch,
} from '../modules/compliance/complianceSearch';
import { ControlDetailPage } from '../modules/compliance/ControlDetailPage';
import { FrameworkDetailPage } from '../modules/compliance/FrameworkDetailPage';
import { FrameworkLibraryPage } from '../modules/compliance/FrameworkLibraryPage';
import { FrameworksPage } from '../modules/compliance/FrameworksPage';
import { AssetsSection } from '../modules/assets/AssetsSection';
import { LocationsPage } from '../modules/assets/LocationsPage';
import { ModelsPage } from '../modules/assets/ModelsPage';
import { ConfigurationDetailPage } from '../modules/configurations/ConfigurationDetailPage';
import { ConfigurationsPage } from '../modules/configurations/ConfigurationsPage';
import {
  validateConfigurationDetailSearch,
  validateConfigurationSearch,
} from '../modules/configurations/configurationSearch';
import { CampaignDetailPage } from '../modules/inventory/CampaignDetailPage';
import { validateCampaignDetailSearch, validateCampaignSearch } from '../modules/inventory/campaignSearch';
import { CampaignsPage } from '../modules/inventory/CampaignsPage';
import { HomePage } from '../modules/dashboard/HomePage';
import { LicenceDetailPage } from '../modules/software/LicenceDetailPage';
import { LicencesPage } from '../modules/software/LicencesPage';
import { SoftwareDetailPage } from '../modules/software/SoftwareDetailPage';
import { SoftwarePage } from '../modules/software/SoftwarePage';
import {
  validateLicenceDetailSearch,
  validateLicenceSearch,
  validateSoftwareDetailSearch,
  validateSoftwareSearch,
} from '../modules/software/softwareSearch';
import { CustomFieldsPage } from '../modules/data/CustomFieldsPage';
import { validateCustomFieldSearch, validateTagSearch } from '../modules/data/dataSearch';
import { TagsPage } from '../modules/data/TagsPage';
import { ForgotPasswordPage } from '../modules/identity/ForgotPasswordPage';
import { LoginPage } from '../modules/identity/LoginPage';
import { validateLoginSearch } from '../modules/identity/loginSearch';
import { ProfilePage } from '../modules/identity/ProfilePage';
import { SetPasswordPage } from '../modules/identity/SetPasswordPage';
import { validateSetPasswordSearch } from '../modules/identity/setPasswordSearch';
import { setupRequired } from '../modules/identity/setup';
import { SetupPage } from '../modules/identity/SetupPage';
import { AssetImportPage } from '../modules/imports/ImportWizard';
import { validateImportSearch } from '../modules/imports/importsApi';
import { validateJobSearch } from '../modules/jobs/jobSearch';
import { JobsPage } from '../modules/jobs/JobsPage';
import { DeliveriesPage } from '../modules/notifications/deliveries/DeliveriesPage';
import { validateDeliverySearch } from '../modules/notifications/deliveries/deliverySearch';
import { validateNotificationSearch } from '../modules/notifications/notificationSearch';
import { NotificationsPage } from '../modules/notifications/NotificationsPage';
import { EmailTemplatePage } from '../modules/notifications/settings/EmailTemplatePage';
import { NotificationSettingsPage } from '../modules/notifications/settings/NotificationSettingsPage';
import { validateTemplateSearch } from '../modules/notifications/settings/templateForm';
import { WebhookDetailPage } from '../modules/notifications/webhooks/WebhookDetailPage';
import { validateWebhookDetailSearch, validateWebhookSearch } from '../modules/notifications/webhooks/webhookSearch';
import { WebhooksPage } from '../modules/notifications/webhooks/WebhooksPage';
import { AboutPage } from '../modules/platform/AboutPage';
import { validateOrganizationsSearch } from '../modules/platform/organizations';
import { PLATFORM_HOME } from '../modules/platform/platformAccess';
import { PlatformGate } from '../modules/platform/PlatformGate';
import { PlatformOrganizationsPage } from '../modules/platform/PlatformOrganizationsPage';
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

/**
 * The sign-in page, outside the shell. Someone already signed in goes where they were heading; on a new deployment
 * without any user, first-run setup comes first.
 */
const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: validateLoginSearch,
  beforeLoad: async ({ search, context }) => {
    if ((await startSession()) === 'signed-in') redirect({ href: search.redirect ?? '/', replace: true, throw: true });
    if ((await setupRequired(context.queryClient)) === true) redirect({ to: '/setup', replace: true, throw: true });
  },
  component: LoginPage,
});

/** Asking for a password-reset link, outside the shell. */
const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: ForgotPasswordPage,
});

/** The page of the e-mailed link (invitation or password reset), outside the shell. */
const setPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/set-password',
  validateSearch: validateSetPasswordSearch,
  component: SetPasswordPage,
});

/** First-run setup, outside the shell, only while the deployment has no user (else the sign-in page). */
const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async ({ context }) => {
    if ((await setupRequired(context.queryClient)) === false) redirect({ to: '/login', replace: true, throw: true });
  },
  component: SetupPage,
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

const ssoSettingsRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/security/sso',
  component: SsoSettingsPage,
});

// People and access control: the filters of the lists are in the address, so that a filtered view can be shared.
const membersRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/members',
  validateSearch: validateMemberSearch,
  component: MembersPage,
});

const memberRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/members/$userId',
  component: MemberDetailPage,
});

const groupsRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/groups',
  validateSearch: validateGroupSearch,
  component: GroupsPage,
});

const rolesRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/roles',
  component: RolesPage,
});

/** The signed-in user's notifications (the header's bell leads here); the unread filter is in the address. */
const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  validateSearch: validateNotificationSearch,
  component: NotificationsPage,
});

/**
 * Background jobs, for everyone with an organisation: the API shows members the jobs they started and administrators
 * every job. Filters and the open job are in the address.
 */
const jobsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/jobs',
  validateSearch: validateJobSearch,
  component: JobsPage,
});

/** The administration entry of the job monitor: the same page, at /jobs. */
const administrationJobsRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/jobs',
  validateSearch: validateJobSearch,
  beforeLoad: ({ search }) => {
    redirect({ to: '/jobs', search, replace: true, throw: true });
  },
});

// Outgoing webhooks: the list's toggles and the delivery log's filter are in the address.
const webhooksRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/webhooks',
  validateSearch: validateWebhookSearch,
  component: WebhooksPage,
});

const webhookRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/webhooks/$id',
  validateSearch: validateWebhookDetailSearch,
  component: WebhookDetailPage,
});

/** The delivery log of every channel (e-mail, webhook, Slack); its filters are in the address. */
const deliveryLogRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/notification-deliveries',
  validateSearch: validateDeliverySearch,
  component: DeliveriesPage,
});

// The data platform: the tag dictionary and the custom fields of each record type (their filters are in the address).
const tagsRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/tags',
  validateSearch: validateTagSearch,
  component: TagsPage,
});

const customFieldsRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/custom-fields',
  validateSearch: validateCustomFieldSearch,
  component: CustomFieldsPage,
});

// Notification settings per event, and each event's e-mail templates (the language tab is in the address).
const notificationSettingsRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/notifications',
  component: NotificationSettingsPage,
});

const emailTemplateRoute = createRoute({
  getParentRoute: () => administrationRoute,
  path: '/notifications/$event/templates',
  validateSearch: validateTemplateSearch,
  component: EmailTemplatePage,
});

// Assets and inventory: the module's own navigation above its pages; the lists' filters are in the address.
const assetsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/assets',
  component: AssetsSection,
});

const assetsIndexRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/',
  validateSearch: validateAssetSearch,
  component: AssetsPage,
});

const assetLocationsRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/locations',
  validateSearch: validateLocationSearch,
  component: LocationsPage,
});

const assetModelsRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/models',
  validateSearch: validateModelSearch,
  component: ModelsPage,
});

/** Importing assets from a CSV or XLSX file: choose, check (dry run), apply. */
const assetImportRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/import',
  validateSearch: validateImportSearch,
  component: AssetImportPage,
});

const assetRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/$id',
  validateSearch: validateAssetDetailSearch,
  component: AssetDetailPage,
});

const peripheralsRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/peripherals',
  validateSearch: validatePeripheralSearch,
  component: PeripheralsPage,
});

const peripheralRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/peripherals/$id',
  validateSearch: validatePeripheralDetailSearch,
  component: PeripheralDetailPage,
});

const maintenanceRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/maintenance',
  validateSearch: validateMaintenanceSearch,
  component: MaintenancePage,
});

const maintenanceLogRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/maintenance/$id',
  component: MaintenanceDetailPage,
});

const disposalsRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/disposals',
  validateSearch: validateDisposalSearch,
  component: DisposalsPage,
});

const disposalRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/disposals/$id',
  component: DisposalDetailPage,
});

const assetDashboardRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/dashboard',
  component: AssetDashboardPage,
});

const assetReportsRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/reports',
  validateSearch: validateReportsSearch,
  component: AssetReportsPage,
});

/** Physical inventory campaigns: the list, and one campaign with its assets and the scan box. */
const inventoryCampaignsRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/inventory',
  validateSearch: validateCampaignSearch,
  component: CampaignsPage,
});

const inventoryCampaignRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/inventory/$id',
  validateSearch: validateCampaignDetailSearch,
  component: CampaignDetailPage,
});

/** Configuration items (CMDB): the list, and one item with its document, versions and comparisons. */
const configurationsRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/configurations',
  validateSearch: validateConfigurationSearch,
  component: ConfigurationsPage,
});

const configurationRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/configurations/$id',
  validateSearch: validateConfigurationDetailSearch,
  component: ConfigurationDetailPage,
});

/** The software catalogue and licences (with their seats). */
const softwareRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/software',
  validateSearch: validateSoftwareSearch,
  component: SoftwarePage,
});

const softwareDetailRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/software/$id',
  validateSearch: validateSoftwareDetailSearch,
  component: SoftwareDetailPage,
});

const licencesRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/licences',
  validateSearch: validateLicenceSearch,
  component: LicencesPage,
});

const licenceRoute = createRoute({
  getParentRoute: () => assetsRoute,
  path: '/licences/$id',
  validateSearch: validateLicenceDetailSearch,
  component: LicenceDetailPage,
});

/** Compliance: frameworks (activated from the library or custom), their control trees and the Statement of Applicability. */
const complianceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/compliance',
  component: () => (
    <ModuleGate slug="compliance">
      <Outlet />
    </ModuleGate>
  ),
});

const frameworksRoute = createRoute({
  getParentRoute: () => complianceRoute,
  path: '/',
  validateSearch: validateFrameworkSearch,
  component: FrameworksPage,
});

const frameworkLibraryRoute = createRoute({
  getParentRoute: () => complianceRoute,
  path: '/library',
  component: FrameworkLibraryPage,
});

const frameworkRoute = createRoute({
  getParentRoute: () => complianceRoute,
  path: '/frameworks/$id',
  validateSearch: validateFrameworkDetailSearch,
  component: FrameworkDetailPage,
});

const controlRoute = createRoute({
  getParentRoute: () => complianceRoute,
  path: '/controls/$id',
  validateSearch: validateControlDetailSearch,
  component: ControlDetailPage,
});

/** Platform administration (deployment scope): for platform administrators, outside any organisation's modules. */
const platformRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/platform',
  component: () => (
    <PlatformGate>
      <Outlet />
    </PlatformGate>
  ),
});

const platformIndexRoute = createRoute({
  getParentRoute: () => platformRoute,
  path: '/',
  beforeLoad: () => {
    redirect({ href: PLATFORM_HOME, replace: true, throw: true });
  },
});

const platformOrganizationsRoute = createRoute({
  getParentRoute: () => platformRoute,
  path: '/organizations',
  validateSearch: validateOrganizationsSearch,
  component: PlatformOrganizationsPage,
});

/**
 * Modules whose pages are not built yet: the route exists (behind the module gate) and says so. A module that gets
 * real pages defines its own route tree and leaves this list.
 */
const BUILT_MODULES = new Set(['administration', 'assets', 'compliance']);

const placeholderRoutes = MODULES.filter((module) => !BUILT_MODULES.has(module.slug)).map((module) =>
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
  forgotPasswordRoute,
  setPasswordRoute,
  setupRoute,
  appRoute.addChildren([
    homeRoute,
    aboutRoute,
    profileRoute,
    notificationsRoute,
    jobsRoute,
    administrationRoute.addChildren([
      administrationIndexRoute,
      organizationSettingsRoute,
      auditLogRoute,
      ssoSettingsRoute,
      membersRoute,
      memberRoute,
      groupsRoute,
      rolesRoute,
      administrationJobsRoute,
      webhooksRoute,
      webhookRoute,
      deliveryLogRoute,
      notificationSettingsRoute,
      emailTemplateRoute,
      tagsRoute,
      customFieldsRoute,
    ]),
    assetsRoute.addChildren([
      assetsIndexRoute,
      assetLocationsRoute,
      assetModelsRoute,
      assetImportRoute,
      assetRoute,
      peripheralsRoute,
      peripheralRoute,
      maintenanceRoute,
      maintenanceLogRoute,
      disposalsRoute,
      disposalRoute,
      assetDashboardRoute,
      assetReportsRoute,
      inventoryCampaignsRoute,
      inventoryCampaignRoute,
      configurationsRoute,
      configurationRoute,
      softwareRoute,
      softwareDetailRoute,
      licencesRoute,
      licenceRoute,
    ]),
    complianceRoute.addChildren([frameworksRoute, frameworkLibraryRoute, frameworkRoute, controlRoute]),
    platformRoute.addChildren([platformIndexRoute, platformOrganizationsRoute]),
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
