import {
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { type ChangeEvent, useMemo, useState } from 'react';
import { Controller, useForm, type UseFormRegisterReturn, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { MODULES } from '../../app/modules';
import { applyProblemToForm } from '../../lib/api';
import { type Organization, ORGANIZATION_KINDS, slugify, useCreateOrganization } from './organizations';
import {
  ALL_MODULE_SLUGS,
  createOrganizationCreateSchema,
  emptyOrganizationCreate,
  ORGANIZATION_CREATE_FIELDS,
  type OrganizationCreateValues,
  toOrganizationCreate,
} from './platformForms';
import { type FormProblem, ProblemAlert } from './ProblemAlert';
import { WARNING_TEXT } from '../../ui/tones';

/** Codes are upper case by contract: type "be", get "BE". */
function upperCase(registration: UseFormRegisterReturn) {
  return {
    ...registration,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      event.target.value = event.target.value.toUpperCase();
      return registration.onChange(event);
    },
  };
}

function CreateOrganizationForm({ onCreated, onCancel }: { onCreated: (organization: Organization) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const schema = useMemo(() => createOrganizationCreateSchema(t), [t]);
  const form = useForm<OrganizationCreateValues>({
    resolver: zodResolver(schema),
    defaultValues: emptyOrganizationCreate(),
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = form.formState;
  const create = useCreateOrganization();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  // The slug follows the name until the user edits it.
  const [slugEdited, setSlugEdited] = useState(false);
  const chosenModules = useWatch({ control: form.control, name: 'enabled_modules' });

  const name = form.register('name');
  const slug = form.register('slug');

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      const organization = await create.mutateAsync(toOrganizationCreate(values));
      notifications.show({ color: 'green', message: t('platformAdmin.create.done', { name: organization.name }) });
      onCreated(organization);
    } catch (thrown) {
      applyProblemToForm(thrown, {
        setError: form.setError,
        fields: ORGANIZATION_CREATE_FIELDS,
        notify: (error, unmatched) => {
          setProblem({ error, unmatched });
        },
      });
    }
  });

  return (
    <form
      noValidate
      aria-label={t('platformAdmin.create.title')}
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <Stack gap="md">
        {problem ? <ProblemAlert problem={problem} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            {...name}
            onChange={(event) => {
              if (!slugEdited) form.setValue('slug', slugify(event.target.value), { shouldValidate: form.formState.isSubmitted });
              void name.onChange(event);
            }}
            label={t('platformAdmin.fields.name')}
            required
            maxLength={200}
            data-autofocus
            error={errors.name?.message}
          />
          <TextInput
            {...slug}
            onChange={(event) => {
              event.target.value = event.target.value.toLowerCase();
              setSlugEdited(event.target.value !== '');
              void slug.onChange(event);
            }}
            label={t('platformAdmin.fields.slug')}
            description={t('platformAdmin.fields.slugDescription')}
            required
            maxLength={63}
            autoCapitalize="none"
            spellCheck={false}
            error={errors.slug?.message}
          />
          <Controller
            control={form.control}
            name="kind"
            render={({ field, fieldState }) => (
              <Select
                ref={field.ref}
                name={field.name}
                label={t('platformAdmin.fields.kind')}
                description={t(`platformAdmin.kindDescription.${field.value}`)}
                data={ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: t(`header.kind.${kind}`) }))}
                value={field.value}
                onChange={(value) => {
                  if (value) field.onChange(value);
                }}
                onBlur={field.onBlur}
                allowDeselect={false}
                required
                error={fieldState.error?.message}
              />
            )}
          />
          <TextInput
            {...upperCase(form.register('identifier'))}
            label={t('platformAdmin.fields.identifier')}
            description={t('orgSettings.fields.identifierDescription')}
            required
            maxLength={16}
            error={errors.identifier?.message}
          />
          <TextInput
            {...upperCase(form.register('country'))}
            label={t('platformAdmin.fields.country')}
            description={t('orgSettings.fields.countryDescription')}
            maxLength={2}
            error={errors.country?.message}
          />
        </SimpleGrid>

        <Controller
          control={form.control}
          name="enabled_modules"
          render={({ field, fieldState }) => (
            <Checkbox.Group
              value={field.value}
              onChange={(value) => {
                field.onChange(value);
              }}
              label={t('platformAdmin.fields.modules')}
              description={t('platformAdmin.fields.modulesDescription')}
              error={fieldState.error?.message}
            >
              <Group gap="xs" mt={6} mb="xs">
                <Button
                  size="compact-xs"
                  variant="subtle"
                  disabled={chosenModules.length === ALL_MODULE_SLUGS.length}
                  onClick={() => {
                    form.setValue('enabled_modules', [...ALL_MODULE_SLUGS], { shouldValidate: true, shouldDirty: true });
                  }}
                >
                  {t('platformAdmin.fields.allModules')}
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  disabled={chosenModules.length === 0}
                  onClick={() => {
                    form.setValue('enabled_modules', [], { shouldDirty: true });
                  }}
                >
                  {t('platformAdmin.fields.noModules')}
                </Button>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" verticalSpacing={6}>
                {MODULES.map((module) => (
                  <Checkbox key={module.slug} value={module.slug} label={t(`modules.${module.slug}`)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
          )}
        />
        {chosenModules.length > 0 && !chosenModules.includes('administration') ? (
          <Text size="sm" c={WARNING_TEXT} role="status">
            {t('platformAdmin.fields.withoutAdministration')}
          </Text>
        ) : null}

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {t('platformAdmin.create.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export interface CreateOrganizationDialogProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (organization: Organization) => void;
}

/** Platform → New organisation: name, slug (from the name, editable), kind, identifier, country and modules. */
export function CreateOrganizationDialog({ opened, onClose, onCreated }: CreateOrganizationDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('platformAdmin.create.title')} size="xl" centered>
      {/* Mounted only while open: every opening starts from an empty form. */}
      {opened ? <CreateOrganizationForm onCreated={onCreated} onCancel={onClose} /> : null}
    </Modal>
  );
}
