import { Anchor, Card, Group, Skeleton, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMeta } from '../../lib/deployment';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';

/** Version and build of the deployment (GET /meta) and of this web application. */
export function AboutPage() {
  const { t } = useTranslation();
  const meta = useMeta();

  const rows: [string, string][] = meta.data
    ? [
        [t('about.version'), meta.data.version],
        [t('about.environment'), t(`about.environments.${meta.data.environment}`)],
        [t('about.commit'), meta.data.build.commit],
        [t('about.buildDate'), meta.data.build.date],
        [t('about.goVersion'), meta.data.build.go_version],
        [t('about.webVersion'), __APP_VERSION__],
      ]
    : [];

  return (
    <Page title={t('about.title')} description={t('about.description')}>
      {meta.isError ? <QueryError error={meta.error} onRetry={() => void meta.refetch()} /> : null}
      <Card withBorder padding="lg" radius="md" maw={640}>
        {meta.isPending ? (
          <Skeleton height={180} />
        ) : (
          <Table variant="vertical" layout="fixed" withRowBorders>
            <Table.Tbody>
              {rows.map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th w={220} scope="row">
                    {label}
                  </Table.Th>
                  <Table.Td>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Group>
        <Anchor href="/api/docs/">{t('about.apiReference')}</Anchor>
        <Anchor href="/api/openapi.json">{t('about.openapi')}</Anchor>
      </Group>
    </Page>
  );
}
