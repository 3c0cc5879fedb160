/**
 * Files attached to a record (openapi.yaml, tag data): the list of one record's attachments, newest first and page by
 * page; the upload (`POST /attachments`, multipart); the download of the content through the API client (the access
 * token lives in memory only, so a plain link would go without it); and the removal, which archives the attachment.
 */
import { infiniteQueryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { type ApiError, client, unwrap } from '../../lib/api';
import { auditEventsQueryKey } from '../../lib/audit';
import { fileNameOf, saveBlob } from '../jobs/downloadResult';

export type Attachment = components['schemas']['Attachment'];
export type AttachmentList = components['schemas']['AttachmentList'];

/** The field error code of an upload whose content is of a refused type (HTML, SVG, scripts, executables…). */
export const ATTACHMENT_TYPE_NOT_ALLOWED = 'type_not_allowed';

export const ATTACHMENTS_PAGE_SIZE = 50;

export const attachmentsQueryKey = ['attachments'] as const;

/** The key of every list of one record's attachments (with or without the removed ones). */
export function ownerAttachmentsQueryKey(ownerType: string, ownerId: string) {
  return [...attachmentsQueryKey, ownerType, ownerId] as const;
}

/** GET /attachments?owner_type=&owner_id=: the record's attachments, newest first, a page at a time. */
export function attachmentsQueryOptions(
  ownerType: string,
  ownerId: string,
  { includeArchived = false, pageSize = ATTACHMENTS_PAGE_SIZE }: { includeArchived?: boolean; pageSize?: number } = {},
) {
  const query = {
    owner_type: ownerType,
    owner_id: ownerId,
    include_archived: includeArchived,
    sort: '-created_at' as const,
    limit: pageSize,
  };
  return infiniteQueryOptions({
    queryKey: [...ownerAttachmentsQueryKey(ownerType, ownerId), { includeArchived, pageSize }] as const,
    queryFn: async ({ pageParam, signal }): Promise<AttachmentList> =>
      (await unwrap(client.GET('/attachments', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export interface UploadAttachmentInput {
  ownerType: string;
  ownerId: string;
  file: File;
  /** Left out of the request when blank. */
  description?: string;
}

/**
 * POST /attachments as multipart/form-data. The server reads the parts in order and needs the owner before the file:
 * owner_type, owner_id, then the description when there is one, then the file.
 */
export async function uploadAttachment({ ownerType, ownerId, file, description }: UploadAttachmentInput): Promise<Attachment> {
  const note = description?.trim() ?? '';
  const { data } = await unwrap(
    client.POST('/attachments', {
      // The contract types the binary part as a string (its name stands there); the serializer sends the File itself.
      body: { owner_type: ownerType, owner_id: ownerId, ...(note ? { description: note } : {}), file: file.name },
      bodySerializer: (body) => {
        const form = new FormData();
        form.append('owner_type', body.owner_type);
        form.append('owner_id', body.owner_id);
        if (body.description !== undefined) form.append('description', body.description);
        form.append('file', file, file.name);
        // FormData: the browser sets Content-Type with the boundary.
        return form;
      },
    }),
  );
  return data;
}

/** Fetches an attachment's content with the session's credentials and saves it under its name (throws ApiError). */
export async function downloadAttachment(attachment: Pick<Attachment, 'id' | 'name'>): Promise<void> {
  const { data, response } = await unwrap(
    client.GET('/attachments/{id}/content', { params: { path: { id: attachment.id } }, parseAs: 'blob' }),
  );
  saveBlob(data, fileNameOf(response.headers.get('Content-Disposition')) ?? attachment.name);
}

/** After a change: the record's lists and the audit trail (the record's history shows attachments). */
function useInvalidateAttachments(ownerType: string, ownerId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ownerAttachmentsQueryKey(ownerType, ownerId) }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useUploadAttachment(ownerType: string, ownerId: string) {
  const invalidate = useInvalidateAttachments(ownerType, ownerId);
  return useMutation<Attachment, ApiError, Omit<UploadAttachmentInput, 'ownerType' | 'ownerId'>>({
    mutationFn: (input) => uploadAttachment({ ...input, ownerType, ownerId }),
    onSuccess: () => invalidate(),
  });
}

/** POST /attachments/{id}/archive: the attachment leaves the list; the file and its audit trail stay. */
export function useArchiveAttachment(ownerType: string, ownerId: string) {
  const invalidate = useInvalidateAttachments(ownerType, ownerId);
  return useMutation<Attachment, ApiError, string>({
    mutationFn: async (id) => (await unwrap(client.POST('/attachments/{id}/archive', { params: { path: { id } } }))).data,
    onSettled: () => invalidate(),
  });
}

/** True when the server refused the upload because of what the file is (its content, not its name). */
export function isTypeNotAllowed(error: Pick<ApiError, 'status' | 'errors'>): boolean {
  return (
    (error.status === 422 || error.status === 415) &&
    error.errors.some((fieldError) => fieldError.code === ATTACHMENT_TYPE_NOT_ALLOWED)
  );
}

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A byte count for people, in the UI language ("1.2 MB", "1,2 Mo"); decimal units, as the unit names say. */
export function formatFileSize(bytes: number, language: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const options: Intl.NumberFormatOptions = {
    style: 'unit',
    unit: SIZE_UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  };
  try {
    return new Intl.NumberFormat(language, options).format(value);
  } catch {
    return new Intl.NumberFormat(undefined, options).format(value);
  }
}

/** A byte count in full, in the UI language ("1,048,576 bytes", "1 048 576 octets"). */
export function formatExactSize(bytes: number, language: string): string {
  const options: Intl.NumberFormatOptions = { style: 'unit', unit: 'byte', unitDisplay: 'long' };
  try {
    return new Intl.NumberFormat(language, options).format(bytes);
  } catch {
    return new Intl.NumberFormat(undefined, options).format(bytes);
  }
}

/** The start of a SHA-256 digest, enough to tell files apart at a glance. */
export function shortDigest(sha256: string, length = 12): string {
  return sha256.length > length ? `${sha256.slice(0, length)}…` : sha256;
}
