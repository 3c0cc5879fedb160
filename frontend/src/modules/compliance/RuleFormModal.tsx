import {
  Button,
  Fieldset,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, type FieldPath, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import { DANGER_TEXT } from '../../ui/tones';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { ConflictAlert } from '../assets/ConflictAlert';
import { applyFormProblem, type FormProblem } from '../assets/formProblems';
import {
  controlRulesQueryOptions,
  type Rule,
  RULE_SCOPES,
  type RuleTarget,
  useCreateRule,
  useUpdateRule,
} from './complianceApi';
import {
  buildRuleCreate,
  buildRulePatch,
  MAX_DAYS,
  ruleFields,
  type RuleFormValues,
  ruleValues,
} from './ruleForm';

export interface RuleFormModalProps {
  opened: boolean;
  controlId: string;
  /** The registry of targets (GET /rule-targets). */
  targets: readonly RuleTarget[];
  /** The rule to change; none to add one. */
  rule?: Rule;
  onClose: () => void;
}

function inRange(value: number | '', min: number): boolean {
  return value !== '' && Number.isInteger(value) && value >= min && value <= MAX_DAYS;
}

/**
 * Adds a rule to a control or changes one (a merge patch with the `If-Match` of the version listed). The target is
 * chosen once; its criteria are the fields the target declares, each a choice among the values it lists.
 */
export function RuleFormModal({ opened, controlId, targets, rule, onClose }: RuleFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const create = useCreateRule(controlId);
  const update = useUpdateRule();
  const [baseline, setBaseline] = useState(rule);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [conflict, setConflict] = useState(false);
  const editing = baseline !== undefined;
  const form = useForm<RuleFormValues>({ defaultValues: ruleValues(baseline), mode: 'onTouched' });
  const { errors, isSubmitting } = form.formState;
  const targetName = useWatch({ control: form.control, name: 'target' });
  const target = targets.find((candidate) => candidate.name === targetName);
  const targetLabel = (name: string) => targets.find((candidate) => candidate.name === name)?.label ?? name;
  const title = editing
    ? t('compliance.rules.edit.title', { name: targetLabel(baseline.target) })
    : t('compliance.rules.create.title');
  const close = () => {
    setProblem(null);
    setConflict(false);
    onClose();
  };

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      if (editing) {
        const patch = buildRulePatch(baseline, values, target);
        if (!patch) {
          notifications.show({ message: t('compliance.noChanges') });
          close();
          return;
        }
        await update.mutateAsync({ rule: baseline, patch });
        notifications.show({ color: 'green', message: t('compliance.rules.edit.done', { name: targetLabel(baseline.target) }) });
        close();
        return;
      }
      const created = await create.mutateAsync(buildRuleCreate(values, target));
      notifications.show({ color: 'green', message: t('compliance.rules.create.done', { name: targetLabel(created.target) }) });
      close();
    } catch (thrown) {
      const error = toApiError(thrown);
      if (error.isPreconditionFailed) {
        setConflict(true);
        return;
      }
      applyFormProblem(error, {
        setError: form.setError,
        fields: ruleFields(target, !editing) as FieldPath<RuleFormValues>[],
        setProblem,
      });
    }
  });

  return (
    <Modal opened={opened} onClose={close} title={title} size="lg" centered closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        {conflict && baseline ? (
          <ConflictAlert
            body={t('compliance.rules.edit.conflictBody')}
            onReload={async () => {
              const rules = await queryClient.query({ ...controlRulesQueryOptions(controlId), staleTime: 0 });
              const fresh = rules.find((candidate) => candidate.id === baseline.id);
              setConflict(false);
              if (!fresh) {
                notifications.show({ message: t('compliance.rules.edit.gone') });
                close();
                return;
              }
              setBaseline(fresh);
              form.reset(ruleValues(fresh));
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
              name="target"
              rules={{ validate: (value) => (value === '' ? t('compliance.rules.form.targetRequired') : undefined) }}
              render={({ field, fieldState }) => (
                <Select
                  ref={field.ref}
                  label={t('compliance.rules.fields.target')}
                  description={editing ? t('compliance.rules.fields.targetFixed') : t('compliance.rules.fields.targetDescription')}
                  data={targets.map((candidate) => ({ value: candidate.name, label: candidate.label }))}
                  value={field.value || null}
                  onChange={(next) => {
                    field.onChange(next ?? '');
                    // Criteria are the target's: another target starts without any.
                    form.setValue('criteria', {});
                  }}
                  onBlur={field.onBlur}
                  disabled={editing}
                  allowDeselect={false}
                  required
                  data-autofocus={editing ? undefined : true}
                  error={fieldState.error?.message}
                  comboboxProps={{ withinPortal: true }}
                />
              )}
            />
            {target ? (
              <Fieldset legend={t('compliance.rules.fields.criteria')} variant="unstyled">
                {target.criteria.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('compliance.rules.fields.noCriteria')}
                  </Text>
                ) : (
                  <Stack gap="sm">
                    {target.criteria.map((criterion) => (
                      <Controller
                        key={`${target.name}.${criterion.name}`}
                        control={form.control}
                        name={`criteria.${criterion.name}`}
                        render={({ field, fieldState }) => {
                          // A criterion the rule does not use has no entry at all.
                          const chosen = (field.value as string[] | undefined) ?? [];
                          return (
                            <MultiSelect
                              ref={field.ref}
                              label={criterion.label}
                              description={t('compliance.rules.fields.criterionDescription')}
                              placeholder={chosen.length === 0 ? t('compliance.rules.anyValue') : undefined}
                              data={[...new Set([...criterion.values, ...chosen])]}
                              value={chosen}
                              onChange={field.onChange}
                              onBlur={field.onBlur}
                              searchable={criterion.values.length > 8}
                              clearable
                              error={fieldState.error?.message}
                              comboboxProps={{ withinPortal: true }}
                            />
                          );
                        }}
                      />
                    ))}
                  </Stack>
                )}
              </Fieldset>
            ) : null}
            {typeof errors.criteria?.message === 'string' ? (
              <Text size="sm" style={{ color: DANGER_TEXT }} role="alert">
                {errors.criteria.message}
              </Text>
            ) : null}
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <Controller
                control={form.control}
                name="frequency_days"
                rules={{ validate: (value) => (inRange(value, 1) ? undefined : t('compliance.rules.form.frequencyRange')) }}
                render={({ field, fieldState }) => (
                  <NumberInput
                    ref={field.ref}
                    label={t('compliance.rules.fields.frequency_days')}
                    description={t('compliance.rules.fields.frequencyDescription')}
                    value={field.value}
                    onChange={(value) => {
                      field.onChange(typeof value === 'number' ? value : '');
                    }}
                    onBlur={field.onBlur}
                    min={1}
                    max={MAX_DAYS}
                    allowDecimal={false}
                    allowNegative={false}
                    required
                    error={fieldState.error?.message}
                  />
                )}
              />
              <Controller
                control={form.control}
                name="grace_days"
                rules={{ validate: (value) => (inRange(value, 0) ? undefined : t('compliance.rules.form.graceRange')) }}
                render={({ field, fieldState }) => (
                  <NumberInput
                    ref={field.ref}
                    label={t('compliance.rules.fields.grace_days')}
                    description={t('compliance.rules.fields.graceDescription')}
                    value={field.value}
                    onChange={(value) => {
                      field.onChange(typeof value === 'number' ? value : '');
                    }}
                    onBlur={field.onBlur}
                    min={0}
                    max={MAX_DAYS}
                    allowDecimal={false}
                    allowNegative={false}
                    required
                    error={fieldState.error?.message}
                  />
                )}
              />
            </SimpleGrid>
            <Controller
              control={form.control}
              name="scope"
              render={({ field, fieldState }) => (
                <Radio.Group
                  name={field.name}
                  label={t('compliance.rules.fields.scope')}
                  value={field.value}
                  onChange={field.onChange}
                  error={fieldState.error?.message}
                >
                  <Stack gap="xs" mt="xs">
                    {RULE_SCOPES.map((scope) => (
                      <Radio
                        key={scope}
                        value={scope}
                        label={t(`compliance.rules.scopes.${scope}`)}
                        description={t(`compliance.rules.scopeDescriptions.${scope}`)}
                        ref={scope === field.value ? field.ref : undefined}
                      />
                    ))}
                  </Stack>
                </Radio.Group>
              )}
            />
            <Controller
              control={form.control}
              name="enabled"
              render={({ field }) => (
                <Switch
                  ref={field.ref}
                  label={t('compliance.rules.fields.enabled')}
                  description={t('compliance.rules.fields.enabledDescription')}
                  checked={field.value}
                  onChange={(event) => {
                    field.onChange(event.currentTarget.checked);
                  }}
                  onBlur={field.onBlur}
                  error={errors.enabled?.message}
                />
              )}
            />
            <Textarea
              {...form.register('description')}
              label={t('compliance.rules.fields.description')}
              description={t('compliance.rules.fields.descriptionHelp')}
              rows={2}
              resize="vertical"
              maxLength={2000}
              error={errors.description?.message}
            />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={isSubmitting} disabled={conflict}>
                {editing ? t('common.save') : t('compliance.rules.create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
