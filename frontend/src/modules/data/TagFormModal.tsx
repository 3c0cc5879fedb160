import { Badge, Button, CheckIcon, ColorSwatch, Group, Input, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useId, useMemo, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, type FieldError } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import {
  DEFAULT_TAG_COLOUR,
  type Tag,
  TAG_COLOURS,
  type TagColour,
  type TagPatch,
  useCreateTag,
  useUpdateTag,
} from './tagsApi';

function createTagSchema(t: TFunction) {
  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(60, t('validation.tooLong', { max: 60 })),
    colour: z.enum(TAG_COLOURS),
    description: z.string().trim().max(500, t('validation.tooLong', { max: 500 })),
  });
}

type TagValues = z.infer<ReturnType<typeof createTagSchema>>;
const TAG_FIELDS = ['name', 'colour', 'description'] as const;

/** The merge patch from the tag to the form's values (only what changed), or undefined when nothing did. */
function buildTagPatch(tag: Tag, values: TagValues): TagPatch | undefined {
  const patch: TagPatch = {};
  const name = values.name.trim();
  const description = values.description.trim();
  if (name !== tag.name) patch.name = name;
  if (values.colour !== tag.colour) patch.colour = values.colour;
  if (description !== tag.description) patch.description = description;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

interface ColourPickerProps {
  label: string;
  value: TagColour;
  onChange: (colour: TagColour) => void;
  error?: string;
}

/** The palette as swatches; the chosen one is pressed and ticked. */
function ColourPicker({ label, value, onChange, error }: ColourPickerProps) {
  const { t } = useTranslation();
  const labelId = useId();
  return (
    <Input.Wrapper label={label} labelProps={{ id: labelId, component: 'span' }} error={error}>
      <Group gap={6} mt={4} role="group" aria-labelledby={labelId}>
        {TAG_COLOURS.map((colour) => {
          const chosen = colour === value;
          return (
            <ColorSwatch
              key={colour}
              component="button"
              type="button"
              color={`var(--mantine-color-${colour}-filled)`}
              size={28}
              aria-label={t(`tags.colours.${colour}`)}
              aria-pressed={chosen}
              title={t(`tags.colours.${colour}`)}
              onClick={() => {
                onChange(colour);
              }}
              style={{ cursor: 'pointer', color: 'var(--mantine-color-white)' }}
            >
              {chosen ? <CheckIcon size={12} aria-hidden /> : null}
            </ColorSwatch>
          );
        })}
      </Group>
    </Input.Wrapper>
  );
}

function TagForm({ tag, onDone }: { tag: Tag | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const schema = useMemo(() => createTagSchema(t), [t]);
  const form = useForm<TagValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: tag?.name ?? '',
      colour: tag?.colour ?? DEFAULT_TAG_COLOUR,
      description: tag?.description ?? '',
    },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<{ error: ApiError; unmatched: FieldError[] } | null>(null);
  const create = useCreateTag();
  const update = useUpdateTag();
  const [name, colour] = useWatch({ control: form.control, name: ['name', 'colour'] });
  const title = tag ? t('tags.edit.title', { name: tag.name }) : t('tags.create.title');

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      if (tag) {
        const patch = buildTagPatch(tag, values);
        if (!patch) {
          notifications.show({ message: t('tags.edit.noChanges') });
          onDone();
          return;
        }
        const saved = await update.mutateAsync({ tag, patch });
        notifications.show({ color: 'green', message: t('tags.edit.saved', { name: saved.name }) });
      } else {
        const description = values.description.trim();
        const created = await create.mutateAsync({
          name: values.name.trim(),
          colour: values.colour,
          ...(description ? { description } : {}),
        });
        notifications.show({ color: 'green', message: t('tags.create.done', { name: created.name }) });
      }
      onDone();
    } catch (thrown) {
      applyProblemToForm(thrown, {
        setError: form.setError,
        fields: TAG_FIELDS,
        notify: (error, unmatched) => {
          setProblem({ error, unmatched });
        },
      });
    }
  });

  return (
    <form
      noValidate
      aria-label={title}
      onSubmit={(event) => {
        void submit(event);
      }}
    >
      <Stack gap="md">
        <TextInput
          {...form.register('name')}
          label={t('tags.fields.name')}
          description={t('tags.form.nameDescription')}
          maxLength={60}
          required
          data-autofocus
          error={errors.name?.message}
        />
        <Controller
          control={form.control}
          name="colour"
          render={({ field, fieldState }) => (
            <ColourPicker
              label={t('tags.fields.colour')}
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
            />
          )}
        />
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('tags.form.preview')}
          </Text>
          <Badge color={colour} variant="light" tt="none" data-testid="tag-preview">
            {name.trim() || t('tags.form.previewPlaceholder')}
          </Badge>
        </Group>
        <Textarea
          {...form.register('description')}
          label={t('tags.fields.description')}
          maxLength={500}
          rows={2}
          resize="vertical"
          error={errors.description?.message}
        />
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        {problem?.error.isPreconditionFailed ? <Text size="sm">{t('tags.conflict')}</Text> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {tag ? t('common.save') : t('tags.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Creates a tag (no `tag`) or changes one (merge patch with the If-Match of its version). */
export function TagFormModal({ opened, tag, onClose }: { opened: boolean; tag?: Tag; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={tag ? t('tags.edit.title', { name: tag.name }) : t('tags.create.title')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <TagForm key={tag?.id ?? 'new'} tag={tag} onDone={onClose} /> : null}
    </Modal>
  );
}
