import { Text, type TextProps, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/intl';

export interface AuditTimeProps extends Omit<TextProps, 'children'> {
  /** RFC 3339 moment, as the API gives it. */
  value: string;
}

/** A moment in the user's language and time zone; the exact ISO value the server recorded is in the tooltip. */
export function AuditTime({ value, ...props }: AuditTimeProps) {
  const { i18n } = useTranslation();
  return (
    <Tooltip label={value} openDelay={300}>
      <Text component="time" dateTime={value} size="sm" {...props}>
        {formatDateTime(value, i18n.language)}
      </Text>
    </Tooltip>
  );
}
