import { Card, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEnabledModules, useOrganization } from '../../lib/deployment';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';

/** Placeholder dashboard: greets the organisation until the dashboards of SPEC §2.18 arrive. */
export function HomePage() {
  const { t } = useTranslation();
  const organization = useOrganization();
  const { enabled, isPending } = useEnabledModules();
  const name = organization.data?.data.name;

  return (
    <Page title={t('home.title')}>
      {organization.isError ? (
        <QueryError error={organization.error} onRetry={() => void organization.refetch()} />
      ) : null}
      <Card withBorder padding="lg" radius="md">
        <Title order={2} size="h3">
          {name ? t('home.greeting', { organization: name }) : t('home.greetingNoOrg')}
        </Title>
        <Text mt="xs">{t('home.body')}</Text>
        {!isPending && name ? (
          <Text mt="xs" c="dimmed">
            {t('home.modulesEnabled', { count: enabled.size })}
          </Text>
        ) : null}
      </Card>
    </Page>
  );
}
