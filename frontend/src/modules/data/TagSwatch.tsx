import { ColorSwatch } from '@mantine/core';
import type { TagColour } from './tagsApi';

/** The dot of a tag's colour, next to its name (decorative: the name says which tag it is). */
export function TagSwatch({ colour, size = 12 }: { colour: TagColour; size?: number }) {
  return <ColorSwatch color={`var(--mantine-color-${colour}-filled)`} size={size} withShadow={false} aria-hidden />;
}
