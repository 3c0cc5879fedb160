/**
 * Text colours for states that stay readable in both schemes (WCAG AA, 4.5:1 on the page background): a dark shade on
 * light, a light one on dark. Mantine's orange and green shades are too light for text on white.
 */
export const DANGER_TEXT = 'light-dark(var(--mantine-color-red-8), var(--mantine-color-red-4))';
export const WARNING_TEXT = 'light-dark(#b3400c, var(--mantine-color-orange-4))';
export const SUCCESS_TEXT = 'light-dark(var(--mantine-color-teal-9), var(--mantine-color-green-4))';
