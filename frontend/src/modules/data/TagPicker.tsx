import { Group, MultiSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { TagSwatch } from './TagSwatch';
import { type Tag, type TagColour, tagDictionaryQueryOptions } from './tagsApi';

export interface TagPickerProps {
  /** The chosen tags' ids. */
  value: string[];
  onChange: (ids: string[]) => void;
  label?: string;
  error?: string;
  disabled?: boolean;
}

/** A record carries at most this many tags (the API's limit). */
const MAX_TAGS = 50;

interface TagOption {
  value: string;
  label: string;
  colour: TagColour;
}

/**
 * Chooses tags from the organisation's dictionary: the active tags, searchable by name, each in its colour. Tags that
 * were archived since they were chosen stay shown (marked archived) until removed; they cannot be chosen anew.
 */
export function TagPicker({ value, onChange, label, error, disabled }: TagPickerProps) {
  const { t } = useTranslation();
  const dictionary = useQuery(tagDictionaryQueryOptions());

  const options = useMemo(() => {
    const byId = new Map<string, Tag>((dictionary.data ?? []).map((tag) => [tag.id, tag]));
    const result: TagOption[] = [];
    for (const tag of dictionary.data ?? []) {
      if (tag.archived_at === null) result.push({ value: tag.id, label: tag.name, colour: tag.colour });
    }
    for (const id of value) {
      const tag = byId.get(id);
      if (tag?.archived_at === null) continue;
      result.push(
        tag
          ? { value: id, label: t('tags.picker.archived', { name: tag.name }), colour: tag.colour }
          : // Not in the dictionary (yet): still loading, or a tag this user cannot see.
            { value: id, label: dictionary.isPending ? t('common.loading') : id, colour: 'gray' },
      );
    }
    return result;
  }, [dictionary.data, dictionary.isPending, value, t]);
  const colours = new Map(options.map((option) => [option.value, option.colour]));

  return (
    <MultiSelect
      label={label ?? t('tags.picker.label')}
      description={dictionary.isError ? t('tags.picker.failed') : undefined}
      placeholder={value.length === 0 ? t('tags.picker.placeholder') : undefined}
      data={options.map(({ value: id, label: name }) => ({ value: id, label: name }))}
      value={value}
      onChange={onChange}
      renderOption={({ option }) => (
        <Group gap="xs" wrap="nowrap">
          <TagSwatch colour={colours.get(option.value) ?? 'gray'} />
          <span>{option.label}</span>
        </Group>
      )}
      searchable
      hidePickedOptions
      maxValues={MAX_TAGS}
      nothingFoundMessage={dictionary.isPending ? t('common.loading') : t('tags.picker.noneFound')}
      error={error}
      disabled={disabled}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
