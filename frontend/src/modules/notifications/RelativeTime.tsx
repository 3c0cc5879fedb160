import { Text, type TextProps, Tooltip } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/intl';
import { formatRelativeTime } from './relativeTime';

/** How long ago (kept current every minute); the exact date and time in the tooltip and the `datetime` attribute. */
export function RelativeTime({ value, id, ...props }: { value: string; id?: string } & Omit<TextProps, 'children'>) {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useInterval(
    () => {
      setNow(Date.now());
    },
    60_000,
    { autoInvoke: true },
  );
  const exact = formatDateTime(value, i18n.language);
  return (
    <Tooltip label={exact} openDelay={300}>
      <Text component="time" id={id} dateTime={value} size="xs" c="dimmed" {...props}>
        {formatRelativeTime(value, i18n.language, now)}
      </Text>
    </Tooltip>
  );
}
