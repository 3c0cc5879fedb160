import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ColorSchemeToggle } from '../../ui/ColorSchemeToggle';
import { LanguageSwitcher } from '../../ui/LanguageSwitcher';

export interface AuthFrameProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  /** Width of the card (px): longer forms need more than the sign-in steps. */
  width?: number;
}

/** The frame of the sign-in steps, outside the shell: product name and preferences on top, one card in the middle. */
export function AuthFrame({ title, description, children, width = 440 }: AuthFrameProps) {
  const { t } = useTranslation();
  useDocumentTitle(`${title} · ${t('app.name')}`);
  return (
    <Box mih="100vh" style={{ display: 'flex', flexDirection: 'column' }}>
      <Box component="header" px="md" py="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text component="span" fw={700} size="lg">
            {t('app.name')}
          </Text>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitcher />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </Box>
      <Center component="main" id="main-content" px="md" pb="xl" style={{ flex: 1 }}>
        <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={width}>
          <Stack gap="lg">
            <Stack gap={4}>
              <Title order={1} size="h2">
                {title}
              </Title>
              {description ? (
                <Text size="sm" c="dimmed">
                  {description}
                </Text>
              ) : null}
            </Stack>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
