/** Pieces of the module's detail pages: labelled values, titled sections, "none". */
import { Card, DataList, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

export function Details({ children }: { children: ReactNode }) {
  return (
    <DataList size="sm" gap="xs" labelWidth="12rem" withDivider>
      {children}
    </DataList>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

export function None() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed">
      {t('assets.none')}
    </Text>
  );
}

/** A multi-line text, or "none". */
export function LongText({ value }: { value: string | null | undefined }) {
  return value ? (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {value}
    </Text>
  ) : (
    <None />
  );
}
