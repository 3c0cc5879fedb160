import { Anchor, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { MouseEvent } from 'react';
import type { EntityRef } from './linksApi';

/**
 * A record named by the API (the other end of a link, a piece of evidence), opened inside the application (a new tab
 * with the usual modifier keys). A route that is not the application's own is shown as plain text.
 */
export function EntityAnchor({ entity }: { entity: EntityRef }) {
  const navigate = useNavigate();
  const internal = entity.route.startsWith('/') && !entity.route.startsWith('//');
  if (!internal) {
    return (
      <Text size="sm" fw={500}>
        {entity.label}
      </Text>
    );
  }
  return (
    <Anchor
      href={entity.route}
      size="sm"
      fw={500}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        void navigate({ href: entity.route });
      }}
    >
      {entity.label}
    </Anchor>
  );
}
