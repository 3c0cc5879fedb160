import { Badge, type BadgeProps, darken, useMantineTheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { auditActionColor, auditActionLabel } from '../../lib/audit';
import classes from './AuditActionBadge.module.css';

export interface AuditActionBadgeProps extends Omit<BadgeProps, 'color' | 'children' | 'variant' | 'style'> {
  action: string;
}

/** The action of an audit event as a badge, one colour per action (create green, delete red, denied grape…). */
export function AuditActionBadge({ action, className, ...props }: AuditActionBadgeProps) {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const color = auditActionColor(action);
  const text = darken(theme.colors[color]?.[9] ?? theme.black, 0.25);
  return (
    <Badge
      variant="light"
      color={color}
      data-action={action}
      className={className ? `${classes.badge} ${className}` : classes.badge}
      style={{ '--audit-action-text': text }}
      {...props}
    >
      {auditActionLabel(action, t)}
    </Badge>
  );
}
