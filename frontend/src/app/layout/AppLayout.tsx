import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from '../../ui/ErrorBoundary';
import classes from './AppLayout.module.css';
import { Navigation } from './Navigation';
import { TopBar } from './TopBar';

export const MAIN_CONTENT_ID = 'main-content';

/** The frame of every page: top bar, module navigation, and the routed page in the main landmark. */
export function AppLayout() {
  const { t } = useTranslation();
  const [navigationOpened, { toggle: toggleNavigation, close: closeNavigation }] = useDisclosure(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  // On small screens the navigation covers the page: close it once the user has picked a destination.
  useEffect(() => {
    closeNavigation();
  }, [pathname, closeNavigation]);

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
