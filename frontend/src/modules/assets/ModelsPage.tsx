import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  Menu,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowBackUp, IconDots, IconPencil, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../lib/me';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterAnchor } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { ImportExportActions } from '../imports/ImportExportActions';
import { ArchivedBadge } from './AssetBadges';
import { mergeModelSearch, type ModelSearch } from './assetSearch';
import {
  allBrandsQueryOptions,
  ASSET_CATEGORIES,
  type AssetModel,
  type Brand,
  flattenPages,
  useArchiveAssetModel,
  useArchiveBrand,
  useAssetModels,
  useBrands,
} from './assetsApi';
import { BrandFormModal, ModelFormModal } from './CatalogueModals';

const routeApi = getRouteApi('/_app/assets/models');

type Dialog =
  | { kind: 'createBrand' }
  | { kind: 'editBrand'; brand: Brand }
  | { kind: 'archiveBrand' | 'restoreBrand'; brand: Brand }
  | { kind: 'createModel' }
  | { kind: 'editModel'; model: AssetModel }
  | { kind: 'archiveModel' | 'restoreModel'; model: AssetModel };

function RowMenu({
  label,
  archived,
  onEdit,
  onArchive,
  onRestore,
}: {
  label: string;
  archived: boolean;
  onEdit: () => void;
  onArchive: () => void;
  onRestore: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={label}>
          <IconDots size={16} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {archived ? (
          <Menu.Item leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={onRestore}>
            {t('assets.actions.restore')}
          </Menu.Item>
        ) : (
          <>
            <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={onEdit}>
              {t('assets.actions.edit')}
            </Menu.Item>
            <Menu.Item color="red" leftSection={<IconArchive size={14} aria-hidden />} onClick={onArchive}>
              {t('assets.actions.archive')}
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="md">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: 3 }, (_, index) => (
        <Skeleton key={index} height={36} radius="sm" />
      ))}
    </Stack>
  );
}

function BrandsSection({
  search,
  writer,
  onSelect,
  onDialog,
}: {
  search: ModelSearch;
  writer: boolean;
  onSelect: (brandId: string | undefined) => void;
  onDialog: (dialog: Dialog) => void;
}) {
  const { t, i18n } = useTranslation();
  const query = useBrands({ include_archived: search.include_archived });
  const { items: brands, total } = flattenPages(query.data?.pages);
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <Section
      id="brands-title"
      title={t('assets.brands.title')}
      actions={
        writer ? (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => {
              onDialog({ kind: 'createBrand' });
            }}
          >
            {t('assets.brands.create.open')}
          </Button>
        ) : null
      }
    >
      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <Loading /> : null}
      {query.data !== undefined && brands.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('assets.brands.empty')}
        </Text>
      ) : null}
      {brands.length > 0 ? (
        <Stack gap="sm">
          <Table highlightOnHover verticalSpacing="xs" aria-label={t('assets.brands.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assets.brands.fields.name')}</Table.Th>
                <Table.Th>{t('assets.brands.fields.model_count')}</Table.Th>
                {writer ? (
                  <Table.Th>
                    <VisuallyHidden>{t('assets.locations.actionsColumn')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {brands.map((brand) => {
                const selected = search.brand_id === brand.id;
                return (
                  <Table.Tr key={brand.id} data-brand-id={brand.id} bg={selected ? 'var(--mantine-primary-color-light)' : undefined}>
                    <Table.Td>
                      <UnstyledButton
                        fz="sm"
                        fw={selected ? 700 : 500}
                        aria-pressed={selected}
                        onClick={() => {
                          onSelect(selected ? undefined : brand.id);
                        }}
                      >
                        {brand.name}
                      </UnstyledButton>
                      {brand.website ? (
                        <Anchor href={brand.website} target="_blank" rel="noreferrer noopener" size="xs" display="block">
                          {brand.website}
                        </Anchor>
                      ) : null}
                      {brand.archived_at ? <ArchivedBadge /> : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{number.format(brand.model_count)}</Text>
                    </Table.Td>
                    {writer ? (
                      <Table.Td>
                        <RowMenu
                          label={t('assets.locations.actionsFor', { name: brand.name })}
                          archived={Boolean(brand.archived_at)}
                          onEdit={() => {
                            onDialog({ kind: 'editBrand', brand });
                          }}
                          onArchive={() => {
                            onDialog({ kind: 'archiveBrand', brand });
                          }}
                          onRestore={() => {
                            onDialog({ kind: 'restoreBrand', brand });
                          }}
                        />
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group justify="space-between">
            <Text size="sm">{t('assets.brands.count', { shown: number.format(brands.length), total: number.format(total), count: total })}</Text>
            {query.hasNextPage ? (
              <Button variant="default" size="xs" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('assets.list.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </Section>
  );
}

function ModelsSection({
  search,
  writer,
  onChange,
  onDialog,
}: {
  search: ModelSearch;
  writer: boolean;
  onChange: (patch: Partial<ModelSearch>) => void;
  onDialog: (dialog: Dialog) => void;
}) {
  const { t, i18n } = useTranslation();
  const brands = useQuery(allBrandsQueryOptions());
  const query = useAssetModels(search);
  const { items: models, total } = flattenPages(query.data?.pages);
  const number = new Intl.NumberFormat(i18n.language);
  const updating = query.isPlaceholderData;
  return (
    <Section
      id="models-title"
      title={t('assets.models.title')}
      actions={
        <Group gap="xs">
          <ImportExportActions entity="asset_model" />
          {writer ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => {
                onDialog({ kind: 'createModel' });
              }}
            >
              {t('assets.models.create.open')}
            </Button>
          ) : null}
        </Group>
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mb="md" component="section" aria-label={t('assets.models.filters.label')}>
        <Select
          label={t('assets.fields.brand')}
          placeholder={t('assets.filters.anyBrand')}
          data={(brands.data ?? []).map((brand) => ({ value: brand.id, label: brand.name }))}
          value={search.brand_id ?? null}
          onChange={(brandId) => {
            onChange({ brand_id: brandId ?? undefined });
          }}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('assets.filters.clearBrand') }}
        />
        <Select
          label={t('assets.fields.category')}
          placeholder={t('assets.models.filters.anyCategory')}
          data={ASSET_CATEGORIES.map((category) => ({ value: category, label: t(`assets.categories.${category}`) }))}
          value={search.category ?? null}
          onChange={(category) => {
            onChange({ category: category ?? undefined });
          }}
          clearable
          clearButtonProps={{ 'aria-label': t('assets.models.filters.clearCategory') }}
        />
      </SimpleGrid>
      {query.isError && query.data === undefined ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isPending ? <Loading /> : null}
      {query.data !== undefined && models.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('assets.models.empty')}
        </Text>
      ) : null}
      {models.length > 0 ? (
        <Stack gap="sm">
          <Table
            highlightOnHover
            verticalSpacing="xs"
            aria-label={t('assets.models.tableLabel')}
            aria-busy={updating}
            style={{ opacity: updating ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assets.models.fields.name')}</Table.Th>
                <Table.Th>{t('assets.fields.brand')}</Table.Th>
                <Table.Th>{t('assets.fields.category')}</Table.Th>
                <Table.Th>{t('assets.models.fields.asset_count')}</Table.Th>
                {writer ? (
                  <Table.Th>
                    <VisuallyHidden>{t('assets.locations.actionsColumn')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {models.map((model) => (
                <Table.Tr key={model.id} data-model-id={model.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {model.name}
                    </Text>
                    {model.archived_at ? <ArchivedBadge /> : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{model.brand_name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`assets.categories.${model.category}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <RouterAnchor
                      to="/assets"
                      search={{ model_id: model.id }}
                      size="sm"
                      aria-label={t('assets.models.assetsOf', { count: model.asset_count, name: model.name })}
                    >
                      {number.format(model.asset_count)}
                    </RouterAnchor>
                  </Table.Td>
                  {writer ? (
                    <Table.Td>
                      <RowMenu
                        label={t('assets.locations.actionsFor', { name: model.name })}
                        archived={Boolean(model.archived_at)}
                        onEdit={() => {
                          onDialog({ kind: 'editModel', model });
                        }}
                        onArchive={() => {
                          onDialog({ kind: 'archiveModel', model });
                        }}
                        onRestore={() => {
                          onDialog({ kind: 'restoreModel', model });
                        }}
                      />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between">
            <Group gap="xs">
              <Text size="sm" role="status">
                {t('assets.models.count', { shown: number.format(models.length), total: number.format(total), count: total })}
              </Text>
              {updating ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
            </Group>
            {query.hasNextPage ? (
              <Button variant="default" size="xs" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('assets.list.loadMore')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </Section>
  );
}

/** Assets → Brands and models: the manufacturers and their models that assets refer to. */
export function ModelsPage() {
  const { t } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const archiveBrand = useArchiveBrand();
  const archiveModel = useArchiveAssetModel();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const update = (patch: Partial<ModelSearch>) => {
    void navigate({ search: (previous) => mergeModelSearch(previous, patch), replace: true });
  };
  const close = () => {
    setDialog(null);
  };
  const confirming =
    dialog?.kind === 'archiveBrand' ||
    dialog?.kind === 'restoreBrand' ||
    dialog?.kind === 'archiveModel' ||
    dialog?.kind === 'restoreModel'
      ? dialog
      : null;
  const confirmName = confirming ? ('brand' in confirming ? confirming.brand.name : confirming.model.name) : '';
  const restoring = confirming?.kind === 'restoreBrand' || confirming?.kind === 'restoreModel';

  return (
    <Page title={t('assets.models.pageTitle')} description={t('assets.models.description')}>
      <Switch
        label={t('assets.models.filters.includeArchived')}
        checked={search.include_archived ?? false}
        onChange={(event) => {
          update({ include_archived: event.currentTarget.checked });
        }}
      />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <BrandsSection
          search={search}
          writer={writer}
          onSelect={(brandId) => {
            update({ brand_id: brandId });
          }}
          onDialog={setDialog}
        />
        <ModelsSection search={search} writer={writer} onChange={update} onDialog={setDialog} />
      </SimpleGrid>

      {dialog?.kind === 'createBrand' ? <BrandFormModal opened onClose={close} /> : null}
      {dialog?.kind === 'editBrand' ? <BrandFormModal opened item={dialog.brand} onClose={close} /> : null}
      {dialog?.kind === 'createModel' ? <ModelFormModal opened brandId={search.brand_id ?? null} onClose={close} /> : null}
      {dialog?.kind === 'editModel' ? <ModelFormModal opened item={dialog.model} onClose={close} /> : null}
      <ConfirmModal
        opened={confirming !== null}
        title={
          restoring
            ? t('assets.restore.title', { name: confirmName })
            : t('assets.archive.title', { name: confirmName })
        }
        confirmLabel={restoring ? t('assets.restore.confirm') : t('assets.archive.confirm')}
        danger={!restoring}
        onClose={close}
        onConfirm={async () => {
          if (!confirming) return;
          if ('brand' in confirming) await archiveBrand.mutateAsync({ id: confirming.brand.id, archived: !restoring });
          else await archiveModel.mutateAsync({ id: confirming.model.id, archived: !restoring });
          notifications.show({
            color: 'green',
            message: restoring ? t('assets.restore.done', { name: confirmName }) : t('assets.archive.done', { name: confirmName }),
          });
        }}
      >
        {restoring ? t('assets.models.restoreBody') : t('assets.models.archiveBody')}
      </ConfirmModal>
    </Page>
  );
}
