import { Group } from '@mantine/core';
import { ReadableBadge } from '../../ui/ReadableBadge';
import type { TagColour } from './tagsApi';

/** A record's tags, each in its colour; nothing when there is none. */
export function TagBadges({ tags }: { tags: { id: string; name: string; colour: TagColour }[] }) {
  if (tags.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {tags.map((tag) => (
        // Readable whatever the colour chosen (an orange or lime tag in the light variant fails WCAG AA contrast).
        <ReadableBadge key={tag.id} color={tag.colour} data-tag-id={tag.id}>
          {tag.name}
        </ReadableBadge>
      ))}
    </Group>
  );
}
