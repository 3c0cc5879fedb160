import { Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RouterAnchor } from '../../ui/RouterLinks';
import { TagBadges } from '../data/TagBadges';
import { formatDay } from '../assets/assetFormat';
import { SortHeader } from '../assets/ListParts';
import { ArchivedBadge, Expiry, LicenceStatusBadge, SeatsUsage } from './SoftwareParts';
import type { Licence, Software } from './softwareApi';

function Dimmed({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  return value ? (
    <Text size="sm">{value}</Text>
  ) : (
    <Text size="sm" c="dimmed">
      {t('software.none')}
    </Text>
  );
}

function useHeader(sort: string | undefined, onSort: ((sort: string) => void) | undefined) {
  return (column: string, label: string) =>
    sort !== undefined && onSort ? (
      <SortHeader column={column} sort={sort} onSort={onSort}>
        {label}
      </SortHeader>
    ) : (
      <Table.Th>{label}</Table.Th>
    );
}

/** The catalogue in a table, sortable by name, publisher and creation. */
export function SoftwareTable({
  items,
  sort,
  onSort,
  busy = false,
}: {
  items: Software[];
  sort: string;
  onSort: (sort: string) => void;
  busy?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const header = useHeader(sort, onSort);
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        aria-label={t('software.list.tableLabel')}
        aria-busy={busy}
        style={{ opacity: busy ? 0.6 : 1 }}
      >
        <Table.Thead>
          <Table.Tr>
            {header('name', t('software.fields.name'))}
            {header('publisher', t('software.fields.publisher'))}
            <Table.Th>{t('software.fields.category')}</Table.Th>
            <Table.Th>{t('software.fields.owner')}</Table.Th>
            <Table.Th>{t('software.fields.licence_count')}</Table.Th>
            <Table.Th>{t('software.fields.tags')}</Table.Th>
            {header('created_at', t('software.fields.created_at'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((software) => (
            <Table.Tr key={software.id}>
              <Table.Td>
                <RouterAnchor to="/assets/software/$id" params={{ id: software.id }} size="sm" fw={500}>
                  {software.name}
                </RouterAnchor>
                {software.archived_at ? (
                  <Group gap={4} mt={2}>
                    <ArchivedBadge />
                  </Group>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Dimmed value={software.publisher} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`software.category.${software.category}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Dimmed value={software.owner_user_name} />
                {software.owner_group_name ? (
                  <Text size="xs" c="dimmed">
                    {software.owner_group_name}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{software.licence_count}</Text>
              </Table.Td>
              <Table.Td>{software.tags.length > 0 ? <TagBadges tags={software.tags} /> : <Dimmed value={null} />}</Table.Td>
              <Table.Td>
                <Text size="sm">{formatDay(software.created_at.slice(0, 10), i18n.language)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Licences in a table; sortable when given the sort (the full list), plain otherwise (a software's tab). */
export function LicencesTable({
  items,
  sort,
  onSort,
  busy = false,
  withSoftware = true,
}: {
  items: Licence[];
  sort?: string;
  onSort?: (sort: string) => void;
  busy?: boolean;
  withSoftware?: boolean;
}) {
  const { t } = useTranslation();
  const header = useHeader(sort, onSort);
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        aria-label={t('software.licences.tableLabel')}
        aria-busy={busy}
        style={{ opacity: busy ? 0.6 : 1 }}
      >
        <Table.Thead>
          <Table.Tr>
            {header('name', t('software.fields.name'))}
            {withSoftware ? <Table.Th>{t('software.fields.software')}</Table.Th> : null}
            <Table.Th>{t('software.fields.status')}</Table.Th>
            <Table.Th>{t('software.fields.seats')}</Table.Th>
            {header('expires_on', t('software.fields.expires_on'))}
            <Table.Th>{t('software.fields.key')}</Table.Th>
            <Table.Th>{t('software.fields.tags')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((licence) => (
            <Table.Tr key={licence.id} data-licence-id={licence.id}>
              <Table.Td>
                <RouterAnchor to="/assets/licences/$id" params={{ id: licence.id }} size="sm" fw={500}>
                  {licence.name}
                </RouterAnchor>
                {licence.archived_at ? (
                  <Group gap={4} mt={2}>
                    <ArchivedBadge />
                  </Group>
                ) : null}
              </Table.Td>
              {withSoftware ? (
                <Table.Td>
                  <RouterAnchor to="/assets/software/$id" params={{ id: licence.software_id }} size="sm">
                    {licence.software_name}
                  </RouterAnchor>
                </Table.Td>
              ) : null}
              <Table.Td>
                <LicenceStatusBadge status={licence.status} />
              </Table.Td>
              <Table.Td>
                <SeatsUsage licence={licence} />
              </Table.Td>
              <Table.Td>
                <Expiry value={licence.expires_on} />
              </Table.Td>
              <Table.Td>
                {licence.has_key ? (
                  <Text size="sm" ff="monospace">
                    {licence.key_hint || t('software.key.stored')}
                  </Text>
                ) : (
                  <Dimmed value={null} />
                )}
              </Table.Td>
              <Table.Td>{licence.tags.length > 0 ? <TagBadges tags={licence.tags} /> : <Dimmed value={null} />}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
