import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  FileInput,
  Group,
  Loader,
  Progress,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconCheck, IconCopy, IconDownload, IconPaperclip, IconTrash, IconUpload } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError } from '../../lib/api';
import { showProblemNotification } from '../../lib/problemNotification';
import { AuditTime } from '../../ui/audit/AuditTime';
import { ProblemDetails } from '../../ui/ProblemDetails';
import { QueryError } from '../../ui/QueryError';
import { ConfirmModal } from '../administration/access/ConfirmModal';
import {
  ATTACHMENT_TYPE_NOT_ALLOWED,
  type Attachment,
  attachmentsQueryOptions,
  downloadAttachment,
  formatExactSize,
  formatFileSize,
  isTypeNotAllowed,
  shortDigest,
  useArchiveAttachment,
  useUploadAttachment,
} from './attachmentsApi';

export interface AttachmentsPanelProps {
  /** The record's type, as `/linkable-types` names it (`asset`…). */
  ownerType: string;
  ownerId: string;
  /** May upload and remove files (write on the record's module). */
  canWrite: boolean;
}

/**
 * A refused upload explained where it happened: what the status means (no permission, a file too large, a type of file
 * the server does not take, with the types it does), then the server's own detail, its other field errors and the
 * request id to quote.
 */
function UploadProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const problem = toApiError(error);
  let title = problem.title;
  let explanation: string | undefined;
  let unmatched = problem.errors;
  let serverDetail = true;
  if (problem.status === 403 && !problem.isReauthenticationRequired) {
    title = t('attachments.problem.forbidden.title');
    explanation = t('attachments.problem.forbidden.body');
  } else if (problem.status === 413) {
    title = t('attachments.problem.tooLarge.title');
    explanation = t('attachments.problem.tooLarge.body');
  } else if (isTypeNotAllowed(problem)) {
    title = t('attachments.problem.typeNotAllowed.title');
    explanation = t('attachments.problem.typeNotAllowed.body', { types: t('attachments.acceptedTypes') });
    // Said above in the user's language: the server's own words for it would repeat it.
    unmatched = problem.errors.filter((fieldError) => fieldError.code !== ATTACHMENT_TYPE_NOT_ALLOWED);
    serverDetail = unmatched.length > 0;
  } else if (problem.status === 400 || problem.status === 422) {
    title = t('attachments.problem.invalid.title');
  }
  return (
    <Alert role="alert" color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title}>
      <Stack gap={4}>
        {explanation ? <Text size="sm">{explanation}</Text> : null}
        {serverDetail ? (
          <ProblemDetails error={problem} unmatched={unmatched} />
        ) : problem.request_id ? (
          <Text size="xs" c="dimmed">
            {t('errors.requestId', { id: problem.request_id })}
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** Choosing a file, with an optional description, and sending it; the refusal is explained in place. */
function UploadForm({ ownerType, ownerId }: { ownerType: string; ownerId: string }) {
  const { t } = useTranslation();
  const upload = useUploadAttachment(ownerType, ownerId);
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);

  const submit = () => {
    if (upload.isPending) return;
    if (file === null) {
      setFileError(t('attachments.upload.fileRequired'));
      return;
    }
    upload.mutate(
      { file, description },
      {
        onSuccess: (attachment) => {
          setFile(null);
          setDescription('');
          notifications.show({ color: 'green', message: t('attachments.upload.done', { name: attachment.name }) });
        },
      },
    );
  };

  return (
    <Card withBorder padding="md" radius="md" mb="md" bg="var(--mantine-color-default-hover)">
      <form
        aria-label={t('attachments.upload.title')}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Group align="flex-start" gap="sm" grow wrap="wrap">
            <FileInput
              label={t('attachments.upload.file')}
              description={t('attachments.upload.fileDescription')}
              placeholder={t('attachments.upload.filePlaceholder')}
              leftSection={<IconPaperclip size={16} aria-hidden />}
              value={file}
              onChange={(next) => {
                upload.reset();
                setFile(next);
                setFileError(null);
              }}
              error={fileError}
              clearable
              disabled={upload.isPending}
              miw={240}
            />
            <TextInput
              label={t('attachments.upload.description')}
              description={t('attachments.upload.descriptionHint')}
              value={description}
              onChange={(event) => {
                setDescription(event.currentTarget.value);
              }}
              disabled={upload.isPending}
              miw={240}
            />
          </Group>
          <Group justify="flex-end">
            <Button
              type="submit"
              leftSection={<IconUpload size={16} aria-hidden />}
              loading={upload.isPending}
              disabled={file === null}
            >
              {t('attachments.upload.submit')}
            </Button>
          </Group>
          {upload.isPending && file ? (
            <Stack gap={4} role="status">
              <Text size="sm">{t('attachments.upload.pending', { name: file.name })}</Text>
              <Progress value={100} animated striped aria-label={t('attachments.upload.pending', { name: file.name })} />
            </Stack>
          ) : null}
          {upload.isError ? <UploadProblem error={upload.error} /> : null}
        </Stack>
      </form>
    </Card>
  );
}

/** The full digest, shortened on screen (whole in the title) and copied whole. */
function DigestCell({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Code title={attachment.sha256} data-sha256={attachment.sha256}>
        {shortDigest(attachment.sha256)}
      </Code>
      <CopyButton value={attachment.sha256}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('common.copied') : t('attachments.copyDigest')} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              size="sm"
              aria-label={t('attachments.copyDigestOf', { name: attachment.name })}
              onClick={copy}
            >
              {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/**
 * The files attached to one record, newest first: each one's name (which downloads it), type, size, who uploaded it
 * and when, its SHA-256 and description; removed ones on demand. With `canWrite`, uploads files and removes them after
 * confirmation.
 */
export function AttachmentsPanel({ ownerType, ownerId, canWrite }: AttachmentsPanelProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const [includeArchived, setIncludeArchived] = useState(false);
  const query = useInfiniteQuery(attachmentsQueryOptions(ownerType, ownerId, { includeArchived }));
  const archive = useArchiveAttachment(ownerType, ownerId);
  const [removing, setRemoving] = useState<Attachment | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const total = query.data?.pages.at(-1)?.total ?? items.length;

  const download = (attachment: Attachment) => {
    setDownloading(attachment.id);
    downloadAttachment(attachment)
      .catch((error: unknown) => {
        showProblemNotification(toApiError(error));
      })
      .finally(() => {
        setDownloading((current) => (current === attachment.id ? null : current));
      });
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="center" mb="md">
        <Title order={2} size="h3" id={headingId}>
          {t('attachments.title')}
        </Title>
        <Switch
          label={t('attachments.showRemoved')}
          checked={includeArchived}
          onChange={(event) => {
            setIncludeArchived(event.currentTarget.checked);
          }}
        />
      </Group>

      {canWrite ? <UploadForm ownerType={ownerType} ownerId={ownerId} /> : null}

      {query.isError ? <QueryError error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton height={32} radius="sm" />
          <Skeleton height={32} radius="sm" />
        </Stack>
      ) : null}
      {query.data !== undefined && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {canWrite ? t('attachments.emptyWriter') : t('attachments.empty')}
        </Text>
      ) : null}

      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="xs" aria-label={t('attachments.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('attachments.columns.name')}</Table.Th>
                <Table.Th>{t('attachments.columns.type')}</Table.Th>
                <Table.Th>{t('attachments.columns.size')}</Table.Th>
                <Table.Th>{t('attachments.columns.uploadedBy')}</Table.Th>
                <Table.Th>{t('attachments.columns.date')}</Table.Th>
                <Table.Th>{t('attachments.columns.sha256')}</Table.Th>
                <Table.Th>{t('attachments.columns.description')}</Table.Th>
                {canWrite ? (
                  <Table.Th>
                    <VisuallyHidden>{t('attachments.columns.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((attachment) => {
                const removed = attachment.archived_at !== null;
                return (
                  <Table.Tr
                    key={attachment.id}
                    data-attachment-id={attachment.id}
                    data-removed={removed || undefined}
                    c={removed ? 'dimmed' : undefined}
                  >
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor
                          component="button"
                          type="button"
                          size="sm"
                          fw={500}
                          c={removed ? 'dimmed' : undefined}
                          ta="start"
                          style={{ wordBreak: 'break-word' }}
                          onClick={() => {
                            download(attachment);
                          }}
                          disabled={downloading === attachment.id}
                          aria-busy={downloading === attachment.id || undefined}
                          title={t('attachments.download')}
                        >
                          <Group component="span" gap={6} wrap="nowrap">
                            {downloading === attachment.id ? <Loader size={14} aria-hidden /> : <IconDownload size={16} aria-hidden />}
                            <span>{attachment.name}</span>
                          </Group>
                        </Anchor>
                        {removed ? (
                          <Badge variant="light" color="gray" tt="none" size="sm">
                            {t('attachments.removed')}
                          </Badge>
                        ) : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {attachment.content_type}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }} title={formatExactSize(attachment.size, i18n.language)}>
                        {formatFileSize(attachment.size, i18n.language)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{attachment.created_by_name || t('attachments.noValue')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <AuditTime value={attachment.created_at} size="sm" style={{ whiteSpace: 'nowrap' }} />
                    </Table.Td>
                    <Table.Td>
                      <DigestCell attachment={attachment} />
                    </Table.Td>
                    <Table.Td>
                      <Text
                        size="sm"
                        c={attachment.description ? undefined : 'dimmed'}
                        style={{ whiteSpace: 'pre-wrap' }}
                      >
                        {attachment.description || t('attachments.noValue')}
                      </Text>
                    </Table.Td>
                    {canWrite ? (
                      <Table.Td>
                        {removed ? null : (
                          <ActionIcon
                            variant="subtle"
                            color="red.9"
                            aria-label={t('attachments.remove.label', { name: attachment.name })}
                            onClick={() => {
                              setRemoving(attachment);
                            }}
                          >
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        )}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}

      {items.length > 0 && query.hasNextPage ? (
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">
            {t('attachments.shown', { shown: items.length, total })}
          </Text>
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('attachments.loadMore')}
          </Button>
        </Group>
      ) : null}

      {canWrite ? (
        <ConfirmModal
          opened={removing !== null}
          title={t('attachments.remove.title')}
          confirmLabel={t('attachments.remove.confirm')}
          danger
          onClose={() => {
            setRemoving(null);
          }}
          onConfirm={async () => {
            if (!removing) return;
            const { name } = removing;
            await archive.mutateAsync(removing.id);
            notifications.show({ color: 'green', message: t('attachments.remove.done', { name }) });
          }}
        >
          {removing ? t('attachments.remove.body', { name: removing.name }) : ''}
        </ConfirmModal>
      ) : null}
    </Card>
  );
}
