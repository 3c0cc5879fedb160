import { Badge, Group } from '@mantine/core';
import type { TagColour } from './tagsApi';

/** A record's tags, each in its colour; nothing when there is none. */
export function TagBadges({ tags }: { tags: { id: string; name: string; colour: TagColour }[] }) {
  if (tags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {tags.map((tag) => (
        <Badge key={tag.id} color={tag.colour} variant="light" tt="none" data-tag-id={tag.id}>
          {tag.name}
        </Badge>
      ))}
    </Group>
  );
}
