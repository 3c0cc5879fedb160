import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { blockingRestriction, mfaEnrolmentRequired, useMe } from '../../lib/me';
import { useSession } from '../../lib/session';
import { type LoginSearch, safeRedirect } from '../../modules/identity/loginSearch';
import { RestrictionScreen } from '../../modules/identity/RestrictionScreen';
import { isPlatformOnly, PLATFORM_HOME } from '../../modules/platform/platformAccess';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import { FullPageLoader } from '../pages/FullPageLoader';
import classes from './AppLayout.module.css';
import { Navigation } from './Navigation';
import { TopBar } from './TopBar';

export const MAIN_CONTENT_ID = 'main-content';

/**
 * The frame of every page: top bar, module navigation, and the routed page in the main landmark. When the session ends
 * (signed out, or expired and not renewable) it makes way for the sign-in page.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const [navigationOpened, { toggle: toggleNavigation, close: closeNavigation }] = useDisclosure(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  // The page on screen (not a navigation in progress, which may already be the sign-in page).
  const href = useRouterState({ select: (state) => (state.resolvedLocation ?? state.location).href });
  const session = useSession();
  const me = useMe();

  // On small screens the navigation covers the page: close it once the user has picked a destination.
  useEffect(() => {
    closeNavigation();
  }, [pathname, closeNavigation]);

  if (session.status === 'signed-out') {
    // An expired session brings the user back to this page after signing in again; signing out does not.
    const returnTo = safeRedirect(session.ended === 'expired' ? href : session.returnTo);
    const search: LoginSearch = returnTo ? { redirect: returnTo } : {};
    return <Navigate to="/login" search={search} replace />;
  }
  // Who signs in decides what the shell may show (and request): wait for /me.
  if (session.status === 'signed-in' && me.isPending) return <FullPageLoader />;
  // Terms to accept or a temporary password to replace: the API refuses everything else, so nothing else is shown.
  const blocking = session.status === 'signed-in' ? blockingRestriction(me.data) : undefined;
  if (blocking && me.data) return <RestrictionScreen restriction={blocking} me={me.data} />;
  // The organisation requires a second factor this session lacks: enrolling (on the profile) is all there is to do.
  if (session.status === 'signed-in' && mfaEnrolmentRequired(me.data) && pathname !== '/profile') {
    return <Navigate to="/profile" replace />;
  }
  // A platform administrator without an organisation has no organisation home: the platform pages are theirs.
  if (pathname === '/' && isPlatformOnly(me.data)) {
    return <Navigate to={PLATFORM_HOME} replace />;
  }

  return (
    <>
      <a href={`#${MAIN_CONTENT_ID}`} className={classes.skipLink}>
        {t('app.skipToContent')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 280, breakpoint: 'sm', collapsed: { mobile: !navigationOpened } }}
        padding="lg"
      >
        <AppShell.Header>
          <TopBar navigationOpened={navigationOpened} onToggleNavigation={toggleNavigation} />
        </AppShell.Header>
        <AppShell.Navbar aria-label={t('nav.label')}>
          <Navigation />
        </AppShell.Navbar>
        <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1} className={classes.main}>
          {/* A crash inside one page keeps the shell usable; the key resets the boundary on navigation. */}
          <ErrorBoundary key={pathname}>
            <Outlet />
          </ErrorBoundary>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
