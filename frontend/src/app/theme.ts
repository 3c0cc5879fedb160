import { createTheme, Modal, Notification } from '@mantine/core';

/**
 * Accessible names of the close buttons that Mantine draws without any text. Constants, not translations: the theme is
 * built once, outside React; a component that knows the language passes its own `closeButtonProps` (the defaults are
 * replaced, not merged), e.g. `{ 'aria-label': t('common.close') }`. A toast's button says what it closes, so that it
 * is not confused with the "Close" of a dialog open at the same time.
 */
const CLOSE = 'Close';
const CLOSE_NOTIFICATION = 'Close notification';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 7 in both schemes: white text on a filled primary button meets WCAG AA contrast (4.98:1; shade 5, the old
  // dark choice, gave 3.67:1 on the dark scheme's "Save changes").
  primaryShade: { light: 7, dark: 7 },
  defaultRadius: 'sm',
  // System fonts only: no web font is fetched from a CDN.
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': CLOSE } } }),
    // Every toast of @mantine/notifications is a Notification.
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': CLOSE_NOTIFICATION } } }),
  },
});
