import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError, type Versioned } from '../../lib/api';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import {
  allBrandsQueryOptions,
  ASSET_CATEGORIES,
  type AssetModel,
  assetModelQueryOptions,
  type Brand,
  brandQueryOptions,
  useCreateAssetModel,
  useCreateBrand,
  useUpdateAssetModel,
  useUpdateBrand,
  versionedEtag,
} from './assetsApi';
import {
  BRAND_FORM_FIELDS,
  type BrandFormValues,
  buildBrandPatch,
  buildModelPatch,
  createBrandSchema,
  createModelSchema,
  MODEL_FORM_FIELDS,
  type ModelFormValues,
  toBrandCreate,
  toBrandValues,
  toModelCreate,
  toModelValues,
} from './catalogueForms';
import { ConflictAlert } from './ConflictAlert';
import { applyFormProblem, type FormProblem } from './formProblems';

interface ModalProps<T> {
  opened: boolean;
  /** What to edit (from a list: its version stands for its ETag); none to add. */
  item?: T;
  onClose: () => void;
}

/** Adds a brand, or changes one with a merge patch and the If-Match of its version. */
export function BrandFormModal({ opened, item, onClose }: ModalProps<Brand>) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useCreateBrand();
  const update = useUpdateBrand();
  const [baseline, setBaseline] = useState<Versioned<Brand> | undefined>(item ? { data: item, etag: undefined } : undefined);
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const initial = useMemo(() => toBrandValues(baseline?.data), [baseline]);
  const schema = useMemo(() => createBrandSchema(t), [t]);
  const form = useForm<BrandFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const title = baseline ? t('assets.brands.edit.title', { name: baseline.data.name }) : t('assets.brands.create.title');
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };
  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      if (baseline) {
        const patch = buildBrandPatch(initial, values);
        if (!patch) {
          close();
          return;
        }
        const saved = await update.mutateAsync({ id: baseline.data.id, patch, etag: versionedEtag(baseline) });
        notifications.show({ color: 'green', message: t('assets.brands.edit.done', { name: saved.data.name }) });
      } else {
        const created = await create.mutateAsync(toBrandCreate(values));
        notifications.show({ color: 'green', message: t('assets.brands.create.done', { name: created.name }) });
      }
      close();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      applyFormProblem(error, { setError: form.setError, fields: BRAND_FORM_FIELDS, setProblem });
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <Stack gap="md">
        {conflict && baseline ? (
          <ConflictAlert
            body={t('assets.edit.conflictBody')}
            onReload={async () => {
              const fresh = await queryClient.query({ ...brandQueryOptions(baseline.data.id), staleTime: 0 });
              setBaseline(fresh);
              form.reset(toBrandValues(fresh.data));
              setConflict(false);
            }}
          />
        ) : null}
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
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
              label={t('assets.brands.fields.name')}
              maxLength={100}
              required
              data-autofocus
              error={errors.name?.message}
            />
            <TextInput
              {...form.register('website')}
              type="url"
              label={t('assets.brands.fields.website')}
              placeholder="https://www.example.com"
              maxLength={500}
              error={errors.website?.message}
            />
            <Textarea
              {...form.register('notes')}
              label={t('assets.brands.fields.notes')}
              rows={2}
              maxLength={2000}
              error={errors.notes?.message}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={conflict}>
                {baseline ? t('common.save') : t('assets.brands.create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}

/** Adds a model to a brand, or changes one (its brand stays) with a merge patch and the If-Match of its version. */
export function ModelFormModal({
  opened,
  item,
  brandId = null,
  onClose,
}: ModalProps<AssetModel> & { /** The brand preselected for a new model. */ brandId?: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useCreateAssetModel();
  const update = useUpdateAssetModel();
  const brands = useQuery(allBrandsQueryOptions());
  const [baseline, setBaseline] = useState<Versioned<AssetModel> | undefined>(
    item ? { data: item, etag: undefined } : undefined,
  );
  const [conflict, setConflict] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const initial = useMemo(() => toModelValues(baseline?.data, brandId), [baseline, brandId]);
  const schema = useMemo(() => createModelSchema(t), [t]);
  const form = useForm<ModelFormValues>({ resolver: zodResolver(schema), defaultValues: initial, mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const title = baseline ? t('assets.models.edit.title', { name: baseline.data.name }) : t('assets.models.create.title');
  const brandOptions = (brands.data ?? []).map((brand) => ({ value: brand.id, label: brand.name }));
  if (baseline && !brandOptions.some((option) => option.value === baseline.data.brand_id)) {
    brandOptions.push({ value: baseline.data.brand_id, label: baseline.data.brand_name });
  }
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };
  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      if (baseline) {
        const patch = buildModelPatch(initial, values);
        if (!patch) {
          close();
          return;
        }
        const saved = await update.mutateAsync({ id: baseline.data.id, patch, etag: versionedEtag(baseline) });
        notifications.show({ color: 'green', message: t('assets.models.edit.done', { name: saved.data.name }) });
      } else {
        const created = await create.mutateAsync(toModelCreate(values));
        notifications.show({ color: 'green', message: t('assets.models.create.done', { name: created.name }) });
      }
      close();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      applyFormProblem(error, { setError: form.setError, fields: MODEL_FORM_FIELDS, setProblem });
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={title} centered>
      <Stack gap="md">
        {conflict && baseline ? (
          <ConflictAlert
            body={t('assets.edit.conflictBody')}
            onReload={async () => {
              const fresh = await queryClient.query({ ...assetModelQueryOptions(baseline.data.id), staleTime: 0 });
              setBaseline(fresh);
              form.reset(toModelValues(fresh.data));
              setConflict(false);
            }}
          />
        ) : null}
        {problem ? <ProblemAlert error={problem.error} unmatched={problem.unmatched} /> : null}
        <form
          noValidate
          aria-label={title}
          onSubmit={(event) => {
            void submit(event);
          }}
        >
          <Stack gap="md">
            <Controller
              control={form.control}
              name="brand_id"
              render={({ field, fieldState }) => (
                <Select
                  ref={field.ref}
                  label={t('assets.fields.brand')}
                  description={baseline ? t('assets.models.form.brandFixed') : undefined}
                  data={brandOptions}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  searchable
                  required
                  disabled={Boolean(baseline)}
                  error={fieldState.error?.message}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            />
            <TextInput
              {...form.register('name')}
              label={t('assets.models.fields.name')}
              maxLength={100}
              required
              data-autofocus
              error={errors.name?.message}
            />
            <Controller
              control={form.control}
              name="category"
              render={({ field, fieldState }) => (
                <Select
                  ref={field.ref}
                  label={t('assets.fields.category')}
                  data={ASSET_CATEGORIES.map((category) => ({ value: category, label: t(`assets.categories.${category}`) }))}
                  value={field.value}
                  onChange={(value) => {
                    if (value) field.onChange(value);
                  }}
                  onBlur={field.onBlur}
                  allowDeselect={false}
                  error={fieldState.error?.message}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            />
            <Textarea
              {...form.register('notes')}
              label={t('assets.models.fields.notes')}
              rows={2}
              maxLength={2000}
              error={errors.notes?.message}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={conflict}>
                {baseline ? t('common.save') : t('assets.models.create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
