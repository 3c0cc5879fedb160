import { type CSSVariablesResolver, localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { theme } from './theme';

/** Must match public/color-scheme.js, which applies the stored scheme before the first paint. */
export const COLOR_SCHEME_STORAGE_KEY = 'opsdeck.color-scheme';

const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_STORAGE_KEY });

// Mantine's default "dimmed" grey is below WCAG AA contrast for body text (3.3:1): one shade stronger in each scheme.
// So is its placeholder grey (2.1:1 light, 2.5:1 dark), which a file input draws as real text in the field.
const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: { '--mantine-color-dimmed': theme.colors.gray[7], '--mantine-color-placeholder': theme.colors.gray[7] },
  dark: { '--mantine-color-dimmed': theme.colors.dark[1], '--mantine-color-placeholder': theme.colors.dark[1] },
});

export interface ProvidersProps {
  queryClient: QueryClient;
  children: ReactNode;
  /** 'test' disables transitions and portals (Vitest). */
  env?: 'default' | 'test';
}

export function Providers({ queryClient, children, env = 'default' }: ProvidersProps) {
  return (
    <MantineProvider
      theme={theme}
      colorSchemeManager={colorSchemeManager}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="auto"
      env={env}
    >
      <Notifications position="top-right" />
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </ErrorBoundary>
    </MantineProvider>
  );
}
