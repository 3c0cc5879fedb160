import { Badge, type BadgeProps, darken, useMantineTheme } from '@mantine/core';
import classes from './ReadableBadge.module.css';

export interface ReadableBadgeProps extends Omit<BadgeProps, 'variant' | 'style' | 'color'> {
  /** A colour of the theme ('green', 'red'…). */
  color: string;
  'data-state'?: string;
}

/** A light badge whose text keeps WCAG AA contrast in the light scheme, whatever its colour. */
export function ReadableBadge({ color, className, ...props }: ReadableBadgeProps) {
  const theme = useMantineTheme();
  const text = darken(theme.colors[color]?.[9] ?? theme.black, 0.3); // 0.25 left yellow at 4.47:1
  return (
    <Badge
      variant="light"
      color={color}
      tt="none"
      className={className ? `${classes.badge} ${className}` : classes.badge}
      style={{ '--readable-badge-text': text }}
      {...props}
    />
  );
}
