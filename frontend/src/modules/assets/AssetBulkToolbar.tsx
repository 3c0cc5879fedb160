/**
 * Acting on many assets at once (`POST /assets/bulk`): the row checkboxes of the list, and the toolbar that shows while
 * something is selected — tag, untag, archive, restore, export — with the answer's per-asset failures.
 */
import { Button, Checkbox, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconTag, IconTagOff, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { type ApiError, client, toApiError, unwrap } from '../../lib/api';
import { auditEventsQueryKey } from '../../lib/audit';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { TagPicker } from '../data/TagPicker';
import { ExportMenu } from '../imports/ExportMenu';
import { type Asset, assetModelsQueryKey, assetsQueryKey, locationsQueryKey } from './assetsApi';
import { WARNING_TEXT } from '../../ui/tones';

type AssetBulkRequest = components['schemas']['AssetBulkRequest'];
type AssetBulkResult = components['schemas']['AssetBulkResult'];
type BulkAction = AssetBulkRequest['action'];
type TagAction = Extract<BulkAction, 'add_tags' | 'remove_tags'>;

/** The most assets one bulk request may name (AssetBulkRequest.ids maxItems). */
const MAX_BULK = 200;

/** How an asset is named in a checkbox's label and in the failures: its name, and its tag unless the name holds it. */
function assetLabel(asset: Pick<Asset, 'name' | 'asset_tag'>): string {
  return asset.asset_tag && !asset.name.includes(asset.asset_tag) ? `${asset.name} (${asset.asset_tag})` : asset.name;
}

/** The first cell of an asset's row, for who may change assets: its selection checkbox. */
export function AssetSelectCell({
  asset,
  checked,
  onChange,
}: {
  asset: Asset;
  checked: boolean;
  onChange: (asset: Asset, checked: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.Td>
      <Checkbox
        aria-label={t('assets.bulk.selectOne', { name: assetLabel(asset) })}
        checked={checked}
        onChange={(event) => {
          onChange(asset, event.currentTarget.checked);
        }}
      />
    </Table.Td>
  );
}

/** The bulk operation; on success every asset query is read again (lists, details), with the places' counts and the trail. */
function useBulkAssets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: AssetBulkRequest): Promise<AssetBulkResult> =>
      (await unwrap(client.POST('/assets/bulk', { body }))).data,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: assetsQueryKey }),
        queryClient.invalidateQueries({ queryKey: locationsQueryKey }),
        queryClient.invalidateQueries({ queryKey: assetModelsQueryKey }),
        queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
      ]),
  });
}

/** Chooses the tags to add to, or remove from, the selected assets. */
function BulkTagsModal({
  action,
  count,
  onSubmit,
  onClose,
}: {
  action: TagAction;
  count: number;
  onSubmit: (tagIds: string[]) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const adding = action === 'add_tags';
  const title = adding ? t('assets.bulk.tags.addTitle', { count }) : t('assets.bulk.tags.removeTitle', { count });
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form
        noValidate
        aria-label={title}
        onSubmit={(event) => {
          event.preventDefault();
          setPending(true);
          setError(null);
          onSubmit(tagIds)
            .then(() => {
              onClose();
            })
            .catch((thrown: unknown) => {
              setError(toApiError(thrown));
              setPending(false);
            });
        }}
      >
        <Stack gap="md">
          {error ? <ProblemAlert error={error} /> : null}
          <TagPicker
            label={adding ? t('assets.bulk.tags.addLabel') : t('assets.bulk.tags.removeLabel')}
            value={tagIds}
            onChange={setTagIds}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending} disabled={tagIds.length === 0}>
              {adding ? t('assets.bulk.tags.addSubmit') : t('assets.bulk.tags.removeSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface Failure {
  id: string;
  name: string;
  detail: string;
}

/** The assets a bulk request left unchanged, each with the server's reason. */
function BulkFailuresModal({ failures, onClose }: { failures: readonly Failure[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened onClose={onClose} title={t('assets.bulk.failures.title', { count: failures.length })} centered size="lg">
      <Stack gap="md">
        <Text size="sm">{t('assets.bulk.failures.body')}</Text>
        <Table.ScrollContainer minWidth={400}>
          <Table verticalSpacing="xs" aria-label={t('assets.bulk.failures.label')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assets.bulk.failures.asset')}</Table.Th>
                <Table.Th>{t('assets.bulk.failures.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {failures.map((failure) => (
                <Table.Tr key={failure.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {failure.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{failure.detail}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('common.close')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Arrow keys, Home and End move between the toolbar's buttons (WAI-ARIA toolbar pattern); Tab still visits each. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
  const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
  const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (current === -1 || buttons.length === 0) return;
  const last = buttons.length - 1;
  const next =
    event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? last
        : event.key === 'ArrowRight'
          ? (current + 1) % buttons.length
          : (current - 1 + buttons.length) % buttons.length;
  event.preventDefault();
  buttons[next]?.focus();
}

type Dialog = BulkAction | null;

/**
 * What can be done to the selected assets. After a request, the selection keeps only the assets that failed (so that
 * they can be tried again) and a dialog lists why each failed.
 */
export function AssetBulkToolbar({
  selected,
  showRestore,
  onSelect,
}: {
  /** The selected assets by id, as they were shown when selected. */
  selected: ReadonlyMap<string, Asset>;
  /** The list shows archived assets: offer to restore them. */
  showRestore: boolean;
  onSelect: (selection: ReadonlyMap<string, Asset>) => void;
}) {
  const { t, i18n } = useTranslation();
  const bulk = useBulkAssets();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [failures, setFailures] = useState<Failure[] | null>(null);
  const count = selected.size;
  const tooMany = count > MAX_BULK;
  const number = new Intl.NumberFormat(i18n.language);
  const close = () => {
    setDialog(null);
  };

  const run = async (action: BulkAction, tagIds?: string[]) => {
    const asked = new Map(selected);
    const result = await bulk.mutateAsync({ ids: [...asked.keys()], action, ...(tagIds ? { tag_ids: tagIds } : {}) });
    const done = result.succeeded.length;
    const failed = result.failed.length;
    notifications.show({
      color: failed === 0 ? 'green' : done === 0 ? 'red' : 'orange',
      title: t(`assets.bulk.result.${action}`),
      message: t('assets.bulk.result.summary', { done: number.format(done), failed: number.format(failed) }),
    });
    const kept = new Map<string, Asset>();
    for (const failure of result.failed) {
      const asset = asked.get(failure.id);
      if (asset) kept.set(failure.id, asset);
    }
    onSelect(kept);
    if (failed > 0) {
      setFailures(
        result.failed.map((failure) => {
          const asset = asked.get(failure.id);
          return { id: failure.id, name: asset ? assetLabel(asset) : failure.id, detail: failure.detail };
        }),
      );
    }
  };

  const open = (next: BulkAction) => () => {
    setDialog(next);
  };

  return (
    <>
      <Stack
        gap={4}
        flex={1}
        role="toolbar"
        aria-label={t('assets.bulk.toolbar')}
        aria-orientation="horizontal"
        onKeyDown={moveFocus}
      >
        <Group gap="xs" wrap="wrap" align="center">
          <Text size="sm" fw={600}>
            {t('assets.bulk.selected', { count, selected: number.format(count) })}
          </Text>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconTag size={14} aria-hidden />}
            disabled={tooMany}
            onClick={open('add_tags')}
          >
            {t('assets.bulk.addTags')}
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconTagOff size={14} aria-hidden />}
            disabled={tooMany}
            onClick={open('remove_tags')}
          >
            {t('assets.bulk.removeTags')}
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconArchive size={14} color="var(--mantine-color-red-filled)" aria-hidden />}
            disabled={tooMany}
            onClick={open('archive')}
          >
            {t('assets.bulk.archive')}
          </Button>
          {showRestore ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconArchiveOff size={14} aria-hidden />}
              disabled={tooMany}
              onClick={open('restore')}
            >
              {t('assets.bulk.restore')}
            </Button>
          ) : null}
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconX size={14} aria-hidden />}
            onClick={() => {
              onSelect(new Map());
            }}
          >
            {t('assets.bulk.clear')}
          </Button>
          <ExportMenu entity="asset" ids={[...selected.keys()]} />
        </Group>
        {tooMany ? (
          <Text size="sm" c={WARNING_TEXT}>
            {t('assets.bulk.tooMany', { max: number.format(MAX_BULK), selected: number.format(count) })}
          </Text>
        ) : null}
      </Stack>

      {dialog === 'add_tags' || dialog === 'remove_tags' ? (
        <BulkTagsModal action={dialog} count={count} onSubmit={(tagIds) => run(dialog, tagIds)} onClose={close} />
      ) : null}
      <ConfirmModal
        opened={dialog === 'archive' || dialog === 'restore'}
        title={
          dialog === 'restore'
            ? t('assets.bulk.restoreConfirm.title', { count })
            : t('assets.bulk.archiveConfirm.title', { count })
        }
        confirmLabel={dialog === 'restore' ? t('assets.bulk.restoreConfirm.confirm') : t('assets.bulk.archiveConfirm.confirm')}
        danger={dialog === 'archive'}
        onClose={close}
        onConfirm={() => run(dialog === 'restore' ? 'restore' : 'archive')}
      >
        {dialog === 'restore' ? t('assets.bulk.restoreConfirm.body') : t('assets.bulk.archiveConfirm.body')}
      </ConfirmModal>
      {failures ? (
        <BulkFailuresModal
          failures={failures}
          onClose={() => {
            setFailures(null);
          }}
        />
      ) : null}
    </>
  );
}
