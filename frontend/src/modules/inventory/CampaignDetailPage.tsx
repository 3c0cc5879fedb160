import {
  Alert,
  Button,
  Card,
  Chip,
  Code,
  DataList,
  EmptyState,
  Group,
  Loader,
  Modal,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArchive,
  IconArrowBackUp,
  IconArrowLeft,
  IconBarcode,
  IconCheck,
  IconCircleCheck,
  IconFlag,
  IconLock,
  IconPencil,
  IconSearch,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type KeyboardEvent, type SyntheticEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, fieldErrorMessage, toApiError, type Versioned } from '../../lib/api';
import { can, useMe } from '../../lib/me';
import { AuditTime } from '../../ui/audit/AuditTime';
import { DebouncedTextInput } from '../../ui/DebouncedTextInput';
import { Page } from '../../ui/Page';
import { QueryError } from '../../ui/QueryError';
import { RouterButton } from '../../ui/RouterLinks';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import { ProblemAlert } from '../administration/access/ProblemAlert';
import { Day } from '../assets/AssetBadges';
import { EvidenceOfEntityPanel } from '../compliance/EvidenceOfEntityPanel';
import { AttachmentsPanel } from '../data/AttachmentsPanel';
import { LinksPanel } from '../data/LinksPanel';
import { ConflictAlert } from '../assets/ConflictAlert';
import { Item } from '../assets/DetailParts';
import { CampaignFormModal } from './CampaignFormModal';
import { ArchivedBadge, CampaignProgress, CampaignStatusBadge, ResultBadge } from './CampaignParts';
import { type CampaignDetailSearch, mergeCampaignDetailSearch } from './campaignSearch';
import {
  type Campaign,
  campaignEtag,
  campaignQueryOptions,
  findItems,
  flattenPages,
  type InventoryItem,
  ITEM_RESULTS,
  type ItemResult,
  useArchiveCampaign,
  useCheckItem,
  useCompleteCampaign,
  useItems,
} from './inventoryApi';
import { DANGER_TEXT, WARNING_TEXT, SUCCESS_TEXT } from '../../ui/tones';

const routeApi = getRouteApi('/_app/assets/inventory/$id');

function Counts({ campaign }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const figures: { key: 'total' | ItemResult; value: number }[] = [
    { key: 'total', value: campaign.total },
    { key: 'pending', value: campaign.pending },
    { key: 'verified', value: campaign.verified },
    { key: 'flagged', value: campaign.flagged },
    { key: 'missing', value: campaign.missing },
  ];
  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="campaign-counts">
      <Title order={2} size="h4" id="campaign-counts" mb="sm">
        {t('inventory.detail.progress')}
      </Title>
      <Stack gap="sm">
        <CampaignProgress campaign={campaign} size="lg" />
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
          {figures.map(({ key, value }) => (
            <Stack key={key} gap={0} data-testid={`count-${key}`}>
              <Text size="xl" fw={700}>
                {number.format(value)}
              </Text>
              <Text size="sm" c="dimmed">
                {key === 'total' ? t('inventory.detail.total') : t(`inventory.result.${key}`)}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

/** Asks before completing: the pending assets become missing and the campaign read-only. 412 → the caller's alert. */
function CompleteModal({
  campaign,
  onClose,
  onConflict,
}: {
  campaign: Versioned<Campaign>;
  onClose: () => void;
  onConflict: () => void;
}) {
  const { t, i18n } = useTranslation();
  const complete = useCompleteCampaign(campaign.data.id);
  const [error, setError] = useState<ApiError | null>(null);
  const pending = campaign.data.pending;
  return (
    <Modal opened onClose={onClose} title={t('inventory.complete.title', { name: campaign.data.name })} centered>
      <Stack gap="md">
        <Text size="sm">
          {pending > 0
            ? t('inventory.complete.bodyPending', { count: pending, formatted: new Intl.NumberFormat(i18n.language).format(pending) })
            : t('inventory.complete.bodyNone')}
        </Text>
        <Text size="sm">{t('inventory.complete.readOnly')}</Text>
        {error ? <ProblemAlert error={error} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color={pending > 0 ? 'red.9' : undefined}
            loading={complete.isPending}
            onClick={() => {
              setError(null);
              complete
                .mutateAsync({ etag: campaignEtag(campaign) })
                .then((done) => {
                  notifications.show({
                    color: 'green',
                    message: t('inventory.complete.done', { name: done.name, count: done.missing }),
                  });
                  onClose();
                })
                .catch((thrown: unknown) => {
                  const refused = toApiError(thrown);
                  if (refused.isPreconditionFailed) {
                    onConflict();
                    onClose();
                    return;
                  }
                  setError(refused);
                });
            }}
          >
            {t('inventory.complete.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Flags one asset: what is wrong is required (the server says so too: a 422 on `note` lands on the field). */
function FlagModal({ campaignId, item, onClose }: { campaignId: string; item: InventoryItem; onClose: () => void }) {
  const { t } = useTranslation();
  const check = useCheckItem(campaignId);
  const [note, setNote] = useState(item.result === 'flagged' ? item.note : '');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [problem, setProblem] = useState<ApiError | null>(null);
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!note.trim()) {
      setNoteError(t('inventory.flag.noteRequired'));
      return;
    }
    if (note.trim().length > 2000) {
      setNoteError(t('validation.tooLong', { max: 2000 }));
      return;
    }
    setNoteError(undefined);
    check
      .mutateAsync({ assetId: item.asset_id, body: { result: 'flagged', note: note.trim() } })
      .then(() => {
        notifications.show({ color: 'orange', message: t('inventory.flag.done', { name: item.asset_name }) });
        onClose();
      })
      .catch((thrown: unknown) => {
        const error = toApiError(thrown);
        const onNote = error.errors.find((fieldError) => fieldError.field === 'note');
        if (onNote) setNoteError(fieldErrorMessage(onNote));
        else setProblem(error);
      });
  };
  const title = t('inventory.flag.title', { name: item.asset_name });
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form noValidate aria-label={title} onSubmit={submit}>
        <Stack gap="md">
          {problem ? <ProblemAlert error={problem} /> : null}
          <Textarea
            label={t('inventory.flag.note')}
            description={t('inventory.flag.noteDescription')}
            required
            data-autofocus
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(event) => {
              setNote(event.currentTarget.value);
            }}
            onKeyDown={(event) => {
              // Ctrl/⌘+Enter sends, as in most note fields.
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit(event);
            }}
            error={noteError}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={check.isPending} leftSection={<IconFlag size={16} aria-hidden />}>
              {t('inventory.flag.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

interface ScanMessage { tone: 'success' | 'warning' | 'error'; text: string }

/**
 * The scan box: a tag or serial typed (or sent by a barcode scanner, which types and presses Enter) verifies the one
 * matching asset of the campaign. The items are searched with `q`; an exact tag or serial wins over partial matches.
 * Focus stays in the box, ready for the next scan.
 */
function ScanBox({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const check = useCheckItem(campaignId);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<ScanMessage | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const scan = async (code: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const found = await findItems(campaignId, code);
      const wanted = code.toLowerCase();
      const exact = found.items.filter(
        (item) => item.asset_tag?.toLowerCase() === wanted || item.serial?.toLowerCase() === wanted,
      );
      const matches = exact.length > 0 ? exact : found.items;
      const count = exact.length > 0 ? exact.length : found.total;
      if (count === 0) {
        setMessage({ tone: 'error', text: t('inventory.scan.none', { code }) });
        return;
      }
      if (count > 1) {
        setMessage({ tone: 'warning', text: t('inventory.scan.several', { code, count }) });
        return;
      }
      const item = matches[0];
      if (item === undefined) {
        // The total counted one match that the page did not carry (changed meanwhile): say so rather than guess.
        setMessage({ tone: 'error', text: t('inventory.scan.none', { code }) });
        return;
      }
      if (item.result !== 'pending') {
        setMessage({
          tone: 'warning',
          text: t('inventory.scan.already', { name: item.asset_name, result: t(`inventory.result.${item.result}`) }),
        });
        setValue('');
        return;
      }
      await check.mutateAsync({ assetId: item.asset_id, body: { result: 'verified' } });
      setMessage({ tone: 'success', text: t('inventory.scan.verified', { name: item.asset_name }) });
      setValue('');
    } catch (thrown) {
      setMessage({ tone: 'error', text: toApiError(thrown).detail ?? toApiError(thrown).title });
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="campaign-scan">
      <Title order={2} size="h4" id="campaign-scan" mb="sm">
        {t('inventory.scan.title')}
      </Title>
      <Stack gap="xs">
        <TextInput
          ref={input}
          label={t('inventory.scan.label')}
          description={t('inventory.scan.description')}
          leftSection={<IconBarcode size={16} aria-hidden />}
          rightSection={busy ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
          autoComplete="off"
          maxLength={200}
          value={value}
          onChange={(event) => {
            setValue(event.currentTarget.value);
          }}
          onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            const code = value.trim();
            if (code && !busy) void scan(code);
          }}
        />
        <div role="status" aria-live="polite">
          {message ? (
            <Text
              size="sm"
              fw={500}
              c={message.tone === 'success' ? SUCCESS_TEXT : message.tone === 'warning' ? WARNING_TEXT : DANGER_TEXT}
            >
              {message.text}
            </Text>
          ) : null}
        </div>
      </Stack>
    </Card>
  );
}

function ItemRow({
  item,
  writable,
  onVerify,
  onFlag,
  verifying,
}: {
  item: InventoryItem;
  writable: boolean;
  onVerify: (item: InventoryItem) => void;
  onFlag: (item: InventoryItem) => void;
  verifying: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-asset-id={item.asset_id}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {item.asset_name}
        </Text>
        <Group gap={6}>
          {item.asset_tag ? <Code>{item.asset_tag}</Code> : null}
          {item.serial ? (
            <Text size="xs" c="dimmed">
              {t('inventory.items.serial', { serial: item.serial })}
            </Text>
          ) : null}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{item.location_name ?? t('inventory.items.noLocation')}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{item.holder_name ?? '—'}</Text>
      </Table.Td>
      <Table.Td>
        <ResultBadge result={item.result} />
        {item.note ? (
          <Text size="xs" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
            {item.note}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        {item.checked_at ? (
          <Stack gap={0}>
            <AuditTime value={item.checked_at} size="xs" />
            <Text size="xs" c="dimmed">
              {item.checked_by_name}
            </Text>
          </Stack>
        ) : (
          <Text size="xs" c="dimmed">
            {t('inventory.items.notChecked')}
          </Text>
        )}
      </Table.Td>
      {writable ? (
        <Table.Td>
          <Group gap={6} wrap="nowrap">
            <Button
              size="xs"
              variant={item.result === 'verified' ? 'default' : 'filled'}
              color="teal.9"
              leftSection={<IconCheck size={14} aria-hidden />}
              aria-label={t('inventory.items.verifyName', { name: item.asset_name })}
              disabled={item.result === 'verified'}
              loading={verifying}
              onClick={() => {
                onVerify(item);
              }}
            >
              {t('inventory.items.verify')}
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconFlag size={14} aria-hidden />}
              aria-label={t('inventory.items.flagName', { name: item.asset_name })}
              onClick={() => {
                onFlag(item);
              }}
            >
              {t('inventory.items.flag')}
            </Button>
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function Items({ campaign, writable }: { campaign: Campaign; writable: boolean }) {
  const { t, i18n } = useTranslation();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const query = useItems(campaign.id, search);
  const check = useCheckItem(campaign.id);
  const [flagging, setFlagging] = useState<InventoryItem | null>(null);
  const [verifying, setVerifying] = useState<string | null>(null);
  const { items, total } = flattenPages(query.data?.pages);
  const number = new Intl.NumberFormat(i18n.language);
  const update = (patch: Partial<CampaignDetailSearch>) => {
    void navigate({ search: (previous) => mergeCampaignDetailSearch(previous, patch), replace: true });
  };
  const counts: Record<ItemResult, number> = {
    pending: campaign.pending,
    verified: campaign.verified,
    flagged: campaign.flagged,
    missing: campaign.missing,
  };
  const updating = query.isPlaceholderData;
  const verify = (item: InventoryItem) => {
    setVerifying(item.asset_id);
    check
      .mutateAsync({ assetId: item.asset_id, body: { result: 'verified' } })
      .then(() => {
        notifications.show({ color: 'green', message: t('inventory.scan.verified', { name: item.asset_name }) });
      })
      .catch((thrown: unknown) => {
        const error = toApiError(thrown);
        notifications.show({ color: 'red', title: error.title, message: error.detail ?? error.title });
      })
      .finally(() => {
        setVerifying(null);
      });
  };

  return (
    <Card withBorder padding="md" radius="md" component="section" aria-labelledby="campaign-items">
      <Title order={2} size="h4" id="campaign-items" mb="sm">
        {t('inventory.items.title')}
      </Title>
      <Stack gap="sm">
        <Group align="end" gap="md" wrap="wrap">
          <DebouncedTextInput
            label={t('inventory.items.search')}
            placeholder={t('inventory.items.searchPlaceholder')}
            type="search"
            maxLength={200}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search.q ?? ''}
            onCommit={(q) => {
              update({ q });
            }}
            style={{ minWidth: 260 }}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="result-filter-label">
              {t('inventory.items.resultFilter')}
            </Text>
            <Chip.Group
              multiple
              value={search.result ?? []}
              onChange={(value) => {
                update({ result: value });
              }}
            >
              <Group gap={6} role="group" aria-labelledby="result-filter-label">
                {ITEM_RESULTS.filter((result) => campaign.status === 'completed' || result !== 'missing').map((result) => (
                  <Chip key={result} value={result} size="sm">
                    {t('inventory.items.chip', {
                      result: t(`inventory.result.${result}`),
                      count: number.format(counts[result]),
                    })}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          </Stack>
        </Group>

        {query.isError && query.data === undefined ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} />
        ) : null}
        {query.isPending ? <Skeleton height={120} radius="sm" /> : null}
        {query.data !== undefined && items.length === 0 ? (
          <EmptyState
            title={campaign.total === 0 ? t('inventory.items.emptyCampaign') : t('inventory.items.emptyFiltered')}
            description={campaign.total === 0 ? t('inventory.items.emptyCampaignBody') : undefined}
          />
        ) : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={860}>
            <Table
              verticalSpacing="xs"
              highlightOnHover
              aria-label={t('inventory.items.tableLabel', { name: campaign.name })}
              aria-busy={updating}
              style={{ opacity: updating ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('inventory.items.asset')}</Table.Th>
                  <Table.Th>{t('inventory.items.expected')}</Table.Th>
                  <Table.Th>{t('inventory.items.holder')}</Table.Th>
                  <Table.Th>{t('inventory.items.result')}</Table.Th>
                  <Table.Th>{t('inventory.items.checked')}</Table.Th>
                  {writable ? <Table.Th>{t('inventory.items.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <ItemRow
                    key={item.asset_id}
                    item={item}
                    writable={writable}
                    verifying={verifying === item.asset_id}
                    onVerify={verify}
                    onFlag={setFlagging}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {items.length > 0 ? (
          <Group justify="space-between">
            <Text size="sm" role="status">
              {t('inventory.items.count', { shown: number.format(items.length), total: number.format(total), count: total })}
            </Text>
            {query.hasNextPage ? (
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t('inventory.list.loadMore')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
      {flagging ? (
        <FlagModal
          campaignId={campaign.id}
          item={flagging}
          onClose={() => {
            setFlagging(null);
          }}
        />
      ) : null}
    </Card>
  );
}

type Dialog = 'edit' | 'complete' | 'archive' | 'restore' | null;

/** Assets → Inventory → one campaign: its progress, the scan box, and every asset with its result. */
export function CampaignDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const me = useMe();
  const writer = can(me.data, 'assets', 'write');
  const queryClient = useQueryClient();
  const query = useQuery(campaignQueryOptions(id));
  const archive = useArchiveCampaign();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [conflict, setConflict] = useState(false);
  const campaign = query.data;
  const data = campaign?.data;
  const archived = Boolean(data?.archived_at);
  const open = data?.status === 'open' && !archived;
  const close = () => {
    setDialog(null);
  };

  return (
    <Page
      title={data ? data.name : t('inventory.detail.title')}
      actions={
        <RouterButton variant="subtle" to="/assets/inventory" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          {t('inventory.detail.back')}
        </RouterButton>
      }
    >
      {query.isPending ? <Skeleton height={260} radius="md" /> : null}
      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {campaign && data ? (
        <>
          <Group gap="xs" data-testid="campaign-header">
            <CampaignStatusBadge status={data.status} />
            {archived ? <ArchivedBadge /> : null}
          </Group>
          <Card withBorder padding="md" radius="md" component="section" aria-labelledby="campaign-details">
            <Title order={2} size="h4" id="campaign-details" mb="sm">
              {t('inventory.detail.details')}
            </Title>
            <DataList size="sm" gap="xs" labelWidth="12rem" withDivider>
              <Item label={t('inventory.fields.scope')}>{data.location_name ?? t('inventory.allSites')}</Item>
              <Item label={t('inventory.fields.due_on')}>
                <Day value={data.due_on} />
              </Item>
              <Item label={t('inventory.fields.created')}>
                <Group gap={4}>
                  <AuditTime value={data.created_at} span />
                  <Text size="sm">{t('inventory.detail.by', { name: data.created_by_name })}</Text>
                </Group>
              </Item>
              {data.completed_at ? (
                <Item label={t('inventory.fields.completed')}>
                  <Group gap={4}>
                    <AuditTime value={data.completed_at} span />
                    <Text size="sm">{t('inventory.detail.by', { name: data.completed_by_name ?? '' })}</Text>
                  </Group>
                </Item>
              ) : null}
              {data.notes ? (
                <Item label={t('inventory.fields.notes')}>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {data.notes}
                  </Text>
                </Item>
              ) : null}
            </DataList>
          </Card>

          {conflict ? (
            <ConflictAlert
              body={t('inventory.complete.conflict')}
              onReload={async () => {
                await queryClient.invalidateQueries({ queryKey: campaignQueryOptions(id).queryKey });
                setConflict(false);
              }}
            />
          ) : null}

          {data.status === 'completed' ? (
            <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} data-testid="completed-notice">
              {t('inventory.detail.completedNotice', { count: data.missing })}
            </Alert>
          ) : null}
          {archived ? (
            <Alert color="gray" variant="light" icon={<IconArchive aria-hidden />}>
              {t('inventory.detail.archivedNotice')}
            </Alert>
          ) : null}
          {!writer ? (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
              {t('inventory.detail.viewOnly')}
            </Alert>
          ) : null}

          {writer ? (
            <Card withBorder padding="md" radius="md" component="section" aria-label={t('inventory.actions.label')}>
              <Group gap="sm">
                {open ? (
                  <Button
                    leftSection={<IconCircleCheck size={16} aria-hidden />}
                    onClick={() => {
                      setDialog('complete');
                    }}
                  >
                    {t('inventory.complete.open')}
                  </Button>
                ) : null}
                {open ? (
                  <Button
                    variant="default"
                    leftSection={<IconPencil size={16} aria-hidden />}
                    onClick={() => {
                      setDialog('edit');
                    }}
                  >
                    {t('inventory.actions.edit')}
                  </Button>
                ) : null}
                {archived ? (
                  <Button
                    variant="default"
                    leftSection={<IconArrowBackUp size={16} aria-hidden />}
                    onClick={() => {
                      setDialog('restore');
                    }}
                  >
                    {t('inventory.actions.restore')}
                  </Button>
                ) : (
                  <Button
                    variant="default"
                    leftSection={<IconArchive size={16} color="var(--mantine-color-red-filled)" aria-hidden />}
                    onClick={() => {
                      setDialog('archive');
                    }}
                  >
                    {t('inventory.actions.archive')}
                  </Button>
                )}
              </Group>
            </Card>
          ) : null}

          <Counts campaign={data} />
          {writer && open ? <ScanBox campaignId={data.id} /> : null}
          {data.pending > 0 && !open && data.status === 'open' ? (
            <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
              {t('inventory.detail.restoreToContinue')}
            </Alert>
          ) : null}
          <Items campaign={data} writable={writer && open} />
          {/* Evidence: the signed count sheet, photos; links to the controls this campaign proves. */}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <LinksPanel entityType="inventory_campaign" entityId={data.id} canWrite={writer} />
            <AttachmentsPanel ownerType="inventory_campaign" ownerId={data.id} canWrite={writer && !archived} />
          </SimpleGrid>
          <EvidenceOfEntityPanel entityType="inventory_campaign" entityId={data.id} />

          {dialog === 'edit' ? <CampaignFormModal opened campaign={campaign} onClose={close} /> : null}
          {dialog === 'complete' ? (
            <CompleteModal
              campaign={campaign}
              onClose={close}
              onConflict={() => {
                setConflict(true);
              }}
            />
          ) : null}
          <ConfirmModal
            opened={dialog === 'archive' || dialog === 'restore'}
            title={
              dialog === 'restore'
                ? t('inventory.restore.title', { name: data.name })
                : t('inventory.archive.title', { name: data.name })
            }
            confirmLabel={dialog === 'restore' ? t('inventory.actions.restore') : t('inventory.actions.archive')}
            danger={dialog === 'archive'}
            onClose={close}
            onConfirm={async () => {
              const restoring = dialog === 'restore';
              await archive.mutateAsync({ id: data.id, archived: !restoring });
              notifications.show({
                color: 'green',
                message: restoring
                  ? t('inventory.restore.done', { name: data.name })
                  : t('inventory.archive.done', { name: data.name }),
              });
            }}
          >
            {dialog === 'restore' ? t('inventory.restore.body') : t('inventory.archive.body')}
          </ConfirmModal>
        </>
      ) : null}
    </Page>
  );
}
