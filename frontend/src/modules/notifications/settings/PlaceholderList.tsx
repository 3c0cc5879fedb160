import { Button, Card, Code, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { NotificationPlaceholder } from './notificationSettingsApi';
import { placeholderToken, type TemplateField } from './templateForm';

export interface PlaceholderListProps {
  placeholders: readonly NotificationPlaceholder[];
  /** The field that receives an insertion (the one last focused). */
  target: TemplateField;
  /** Undefined when the user may not change the template: the list only explains. */
  onInsert?: (name: string) => void;
}

/** The values the event's templates may use, each with what it is and an example; a click inserts it at the cursor. */
export function PlaceholderList({ placeholders, target, onInsert }: PlaceholderListProps) {
  const { t } = useTranslation();
  const targetName = t(`notificationSettings.template.fields.${target}`);
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="template-placeholders-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="template-placeholders-title">
          {t('notificationSettings.template.placeholders.title')}
        </Title>
        <Text size="xs" c="dimmed" aria-live="polite">
          {onInsert
            ? t('notificationSettings.template.placeholders.insertHelp', { field: targetName })
            : t('notificationSettings.template.placeholders.readOnlyHelp')}
        </Text>
        {placeholders.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('notificationSettings.template.placeholders.empty')}
          </Text>
        ) : (
          <Table verticalSpacing={6} aria-labelledby="template-placeholders-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('notificationSettings.template.placeholders.name')}</Table.Th>
                <Table.Th scope="col">{t('notificationSettings.template.placeholders.description')}</Table.Th>
                <Table.Th scope="col">{t('notificationSettings.template.placeholders.example')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {placeholders.map((placeholder) => {
                const token = placeholderToken(placeholder.name);
                return (
                  <Table.Tr key={placeholder.name}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {onInsert ? (
                        <Button
                          size="compact-xs"
                          variant="light"
                          leftSection={<IconPlus size={12} aria-hidden />}
                          aria-label={t('notificationSettings.template.placeholders.insert', {
                            placeholder: token,
                            field: targetName,
                          })}
                          // Keep the focus (and the cursor) in the field while clicking.
                          onMouseDown={(event) => {
                            event.preventDefault();
                          }}
                          onClick={() => {
                            onInsert(placeholder.name);
                          }}
                          ff="monospace"
                        >
                          {token}
                        </Button>
                      ) : (
                        <Code>{token}</Code>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{placeholder.description}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {placeholder.example}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
