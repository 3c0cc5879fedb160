import { Alert, Box, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../../lib/api';
import { emailPreviewQueryOptions, type TemplateLocale } from './notificationSettingsApi';
import {
  isPreviewable,
  templateErrorMessage,
  templateFieldOf,
  type TemplateFormValues,
  toTemplateInput,
} from './templateForm';

/** Quiet time after the last key stroke before the preview is asked for. */
export const PREVIEW_DELAY_MS = 400;

export interface TemplatePreviewProps {
  event: string;
  locale: TemplateLocale;
  values: TemplateFormValues;
}

/**
 * The template as a recipient would get it, rendered by the server with each placeholder's example value a moment
 * after the user stops typing. The HTML is shown in a sandboxed frame: no script, no form, no navigation, no access to
 * the page.
 */
export function TemplatePreview({ event, locale, values }: TemplatePreviewProps) {
  const { t } = useTranslation();
  // One string, so that the three fields settle together.
  const [settled] = useDebouncedValue(JSON.stringify(values), PREVIEW_DELAY_MS);
  const input = useMemo(() => JSON.parse(settled) as TemplateFormValues, [settled]);
  const ready = isPreviewable(input);
  const preview = useQuery({
    ...emailPreviewQueryOptions(event, locale, toTemplateInput(input)),
    enabled: ready,
    placeholderData: keepPreviousData,
  });
  const error = preview.isError ? toApiError(preview.error) : undefined;
  const rendered = ready && !error ? preview.data : undefined;

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="template-preview-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4" id="template-preview-title">
            {t('notificationSettings.template.preview.title')}
          </Title>
          {ready && preview.isFetching ? (
            <Group gap={6} wrap="nowrap">
              <Loader size="xs" aria-hidden />
              <Text size="xs" c="dimmed">
                {t('notificationSettings.template.preview.updating')}
              </Text>
            </Group>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          {t('notificationSettings.template.preview.description')}
        </Text>

        {!ready ? (
          <Text size="sm" c="dimmed" data-testid="preview-incomplete">
            {t('notificationSettings.template.preview.incomplete')}
          </Text>
        ) : null}

        {ready && error ? (
          <Alert
            color="red"
            variant="light"
            role="alert"
            icon={<IconAlertCircle aria-hidden />}
            title={t('notificationSettings.template.preview.failed')}
          >
            <Stack gap={4}>
              {error.errors.length > 0 ? (
                <List size="sm" spacing={2}>
                  {error.errors.map((fieldError, index) => {
                    const field = templateFieldOf(fieldError);
                    return (
                      <List.Item key={`${fieldError.field}-${String(index)}`}>
                        {field ? `${t(`notificationSettings.template.fields.${field}`)} — ` : ''}
                        {templateErrorMessage(fieldError, t)}
                      </List.Item>
                    );
                  })}
                </List>
              ) : (
                <Text size="sm">{error.detail ?? error.title}</Text>
              )}
              {error.request_id ? (
                <Text size="xs" c="dimmed">
                  {t('errors.requestId', { id: error.request_id })}
                </Text>
              ) : null}
            </Stack>
          </Alert>
        ) : null}

        {ready && !error && !rendered ? (
          <Group gap="xs">
            <Loader size="xs" aria-hidden />
            <Text size="sm">{t('common.loading')}</Text>
          </Group>
        ) : null}

        {rendered ? (
          <Stack gap="sm" aria-busy={preview.isFetching}>
            {rendered.warnings.length > 0 ? (
              <Alert
                color="yellow"
                variant="light"
                icon={<IconAlertTriangle aria-hidden />}
                title={t('notificationSettings.template.preview.warnings')}
                data-testid="preview-warnings"
              >
                <List size="sm" spacing={2}>
                  {rendered.warnings.map((warning, index) => (
                    <List.Item key={`${String(index)}-${warning}`}>{warning}</List.Item>
                  ))}
                </List>
              </Alert>
            ) : null}
            <div>
              <Text size="xs" fw={600} c="dimmed">
                {t('notificationSettings.template.preview.subject')}
              </Text>
              <Text size="sm" fw={600} data-testid="preview-subject" style={{ overflowWrap: 'anywhere' }}>
                {rendered.subject}
              </Text>
            </div>
            <div>
              <Text size="xs" fw={600} c="dimmed">
                {t('notificationSettings.template.preview.text')}
              </Text>
              <Box
                component="pre"
                data-testid="preview-text"
                fz="sm"
                p="xs"
                m={0}
                bg="var(--mantine-color-default-hover)"
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', borderRadius: 4, maxHeight: 320, overflow: 'auto' }}
              >
                {rendered.text}
              </Box>
            </div>
            <div>
              <Text size="xs" fw={600} c="dimmed">
                {t('notificationSettings.template.preview.html')}
              </Text>
              {rendered.html.trim() === '' ? (
                <Text size="sm" c="dimmed">
                  {t('notificationSettings.template.preview.noHtml')}
                </Text>
              ) : (
                // sandbox="" : the rendered HTML runs no script and cannot reach the page, submit forms or navigate.
                <iframe
                  sandbox=""
                  srcDoc={rendered.html}
                  title={t('notificationSettings.template.preview.htmlFrame')}
                  referrerPolicy="no-referrer"
                  style={{
                    width: '100%',
                    height: 360,
                    border: '1px solid var(--mantine-color-default-border)',
                    borderRadius: 4,
                    background: 'white',
                  }}
                />
              )}
            </div>
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
