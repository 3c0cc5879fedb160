import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Darker shades in light mode so that text on primary and primary links meet WCAG AA contrast.
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'sm',
  // System fonts only: no web font is fetched from a CDN.
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
  headings: { fontWeight: '650' },
});
