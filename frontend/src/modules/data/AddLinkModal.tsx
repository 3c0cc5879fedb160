import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type ApiError, applyProblemToForm, type FieldError } from '../../lib/api';
import { useMe } from '../../lib/me';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { linkableTypesQueryOptions } from './dataApi';
import { LinkTargetSelect } from './LinkTargetSelect';
import { readableTypeOptions, targetSearchOf, UUID } from './linkTargets';
import { DEFAULT_LINK_RELATION, LINK_RELATIONS, useCreateLink } from './linksApi';

function createLinkSchema(t: TFunction) {
  return z.object({
    target_type: z.string().min(1, t('validation.required')),
    target_id: z
      .string()
      .trim()
      .min(1, t('validation.required'))
      .refine((value) => UUID.test(value), t('links.add.invalidId')),
    relation: z.enum(LINK_RELATIONS),
    note: z.string().trim().max(2000, t('validation.tooLong', { max: 2000 })),
  });
}

type LinkValues = z.infer<ReturnType<typeof createLinkSchema>>;
const LINK_FIELDS = ['target_type', 'target_id', 'relation', 'note'] as const;

interface AddLinkFormProps {
  entityType: string;
  entityId: string;
  onDone: () => void;
}

function AddLinkForm({ entityType, entityId, onDone }: AddLinkFormProps) {
  const { t } = useTranslation();
  const me = useMe();
  const types = useQuery(linkableTypesQueryOptions());
  const create = useCreateLink();
  const schema = useMemo(() => createLinkSchema(t), [t]);
  const form = useForm<LinkValues>({
    resolver: zodResolver(schema),
    defaultValues: { target_type: '', target_id: '', relation: DEFAULT_LINK_RELATION, note: '' },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const [problem, setProblem] = useState<{ error: ApiError; unmatched: FieldError[] } | null>(null);
  const targetType = useWatch({ control: form.control, name: 'target_type' });
  // Only types whose module the user may read: the API refuses a link to anything else.
  const typeOptions = readableTypeOptions(types.data, me.data);
  const searchable = targetSearchOf(targetType) !== undefined;

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      await create.mutateAsync({
        source_type: entityType,
        source_id: entityId,
        target_type: values.target_type,
        target_id: values.target_id.toLowerCase(),
        relation: values.relation,
        ...(values.note ? { note: values.note } : {}),
      });
      notifications.show({ color: 'green', message: t('links.add.done') });
      onDone();
    } catch (thrown) {
      applyProblemToForm(thrown, {
        setError: form.setError,
        fields: LINK_FIELDS,
        notify: (error, unmatched) => {
          setProblem({ error, unmatched });
        },
      });
    }
  });

  return (
    <form
      noValidate
      aria-label={t('links.add.title')}
      onSubmit={(event) => {
        void submit(event);
      }}
    >
      <Stack gap="md">
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <Controller
          control={form.control}
          name="target_type"
          render={({ field, fieldState }) => (
            <Select
              ref={field.ref}
              label={t('links.add.targetType')}
              data={typeOptions}
              value={field.value || null}
              onChange={(next) => {
                field.onChange(next ?? '');
                form.setValue('target_id', '');
              }}
              onBlur={field.onBlur}
              searchable={typeOptions.length > 8}
              allowDeselect={false}
              required
              data-autofocus
              error={fieldState.error?.message}
              comboboxProps={{ withinPortal: true }}
            />
          )}
        />
        {targetType === '' ? null : searchable ? (
          <Controller
            control={form.control}
            name="target_id"
            render={({ field, fieldState }) => (
              <LinkTargetSelect
                key={targetType}
                ref={field.ref}
                type={targetType}
                label={t('links.add.target')}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                exclude={targetType === entityType ? entityId : ''}
                error={fieldState.error?.message}
              />
            )}
          />
        ) : (
          <TextInput
            key={targetType}
            {...form.register('target_id')}
            label={t('links.add.targetId')}
            description={t('links.add.targetIdDescription')}
            placeholder="0193a2b4-0000-7000-8000-000000000000"
            maxLength={36}
            spellCheck={false}
            autoCapitalize="none"
            required
            error={errors.target_id?.message}
          />
        )}
        <Controller
          control={form.control}
          name="relation"
          render={({ field, fieldState }) => (
            <Select
              ref={field.ref}
              label={t('links.add.relation')}
              description={t('links.add.relationDescription')}
              data={LINK_RELATIONS.map((relation) => ({ value: relation, label: t(`links.relations.${relation}`) }))}
              value={field.value}
              onChange={(next) => {
                if (next) field.onChange(next);
              }}
              onBlur={field.onBlur}
              allowDeselect={false}
              required
              error={fieldState.error?.message}
              comboboxProps={{ withinPortal: true }}
            />
          )}
        />
        <Textarea
          {...form.register('note')}
          label={t('links.add.note')}
          maxLength={2000}
          rows={2}
          resize="vertical"
          error={errors.note?.message}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {t('links.add.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Links the record to another one (this record is the source). */
export function AddLinkModal({
  opened,
  entityType,
  entityId,
  onClose,
}: {
  opened: boolean;
  entityType: string;
  entityId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('links.add.title')}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {opened ? <AddLinkForm entityType={entityType} entityId={entityId} onDone={onClose} /> : null}
    </Modal>
  );
}
