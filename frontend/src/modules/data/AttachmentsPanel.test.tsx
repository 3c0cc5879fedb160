import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problemFixture } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { apiUrl, problemResponse, server } from '../../test/server';
import type { Attachment } from './attachmentsApi';
import { formatFileSize, isTypeNotAllowed, shortDigest } from './attachmentsApi';
import { AttachmentsPanel } from './AttachmentsPanel';
import { ASSET_ID } from './dataFixtures';

const INVOICE_SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

function attachmentFixture(overrides: Partial<Attachment> = {}): Attachment {
  return {
    id: '0193a2b4-0000-7000-8000-0000000a7701',
    owner_type: 'asset',
    owner_id: ASSET_ID,
    name: 'invoice-2026-031.pdf',
    content_type: 'application/pdf',
    size: 1_234_567,
    sha256: INVOICE_SHA,
    description: 'Purchase invoice',
    created_by_name: 'Olivia Owner',
    created_at: '2026-03-02T09:30:00Z',
    archived_at: null,
    ...overrides,
  };
}

const invoice = attachmentFixture();
const photo = attachmentFixture({
  id: '0193a2b4-0000-7000-8000-0000000a7702',
  name: 'front.jpg',
  content_type: 'image/jpeg',
  size: 512,
  sha256: '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae',
  description: '',
  created_by_name: 'Ann Lee',
  created_at: '2026-03-01T08:00:00Z',
});
const oldManual = attachmentFixture({
  id: '0193a2b4-0000-7000-8000-0000000a7703',
  name: 'old-manual.pdf',
  sha256: 'fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9',
  description: 'Superseded',
  created_at: '2026-02-01T08:00:00Z',
  archived_at: '2026-02-20T08:00:00Z',
});

interface Upload {
  keys: string[];
  ownerType: FormDataEntryValue | null;
  ownerId: FormDataEntryValue | null;
  description: FormDataEntryValue | null;
  content: string;
  contentType: string | null;
}

interface Served {
  lists: URLSearchParams[];
  uploads: Upload[];
  archived: string[];
  downloads: string[];
}

/**
 * An attachments API over `items` (the archived ones only with include_archived=true), a page of `pageSize` at a time.
 * An upload answers `answer()` — by default it stores the file (as `uploadedName`) and answers 201.
 */
function serveAttachments({
  items = [invoice, photo, oldManual],
  pageSize = 50,
  answer,
  uploadedName = 'file',
}: { items?: Attachment[]; pageSize?: number; answer?: () => Response; uploadedName?: string } = {}) {
  const served: Served = { lists: [], uploads: [], archived: [], downloads: [] };
  let current = [...items];
  server.use(
    http.get(apiUrl('/attachments'), ({ request }) => {
      const query = new URL(request.url).searchParams;
      served.lists.push(query);
      const visible = current.filter((item) => query.get('include_archived') === 'true' || item.archived_at === null);
      const start = Number(query.get('cursor') ?? '0');
      const page = visible.slice(start, start + pageSize);
      const next = start + pageSize < visible.length ? String(start + pageSize) : null;
      return HttpResponse.json({ items: page, next_cursor: next, total: visible.length });
    }),
    http.post(apiUrl('/attachments'), async ({ request }) => {
      const contentType = request.headers.get('Content-Type');
      const form = await request.formData();
      const entry = form.get('file');
      // msw's File is not jsdom's: tell the part by its shape.
      const file = typeof entry === 'string' ? null : entry;
      const description = form.get('description');
      served.uploads.push({
        keys: [...form.keys()],
        ownerType: form.get('owner_type'),
        ownerId: form.get('owner_id'),
        description,
        content: typeof entry === 'string' ? entry : ((await entry?.text()) ?? ''),
        contentType,
      });
      if (answer) return answer();
      const created = attachmentFixture({
        id: `0193a2b4-0000-7000-8000-0000000a78${String(served.uploads.length).padStart(2, '0')}`,
        name: uploadedName,
        content_type: 'text/plain',
        size: file?.size ?? 0,
        description: typeof description === 'string' ? description : '',
        created_at: '2026-03-03T10:00:00Z',
      });
      current = [created, ...current];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.post(apiUrl('/attachments/:id/archive'), ({ params }) => {
      const id = String(params.id);
      served.archived.push(id);
      const found = current.find((item) => item.id === id);
      if (!found) return problemResponse(problemFixture({ status: 404, title: 'Not found' }));
      const archived = { ...found, archived_at: '2026-03-04T10:00:00Z' };
      current = current.map((item) => (item.id === id ? archived : item));
      return HttpResponse.json(archived);
    }),
    http.get(apiUrl('/attachments/:id/content'), ({ params }) => {
      served.downloads.push(String(params.id));
      return new HttpResponse('%PDF-1.7 invoice', {
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="${invoice.name}"`,
        },
      });
    }),
  );
  return served;
}

async function table() {
  return screen.findByRole('table', { name: 'Attachments' });
}

function rowOf(name: string): HTMLElement {
  const row = screen.getByRole('button', { name }).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

function fileInput(): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  return input;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('attachment helpers', () => {
  it('shows sizes for people and shortens digests', () => {
    expect(formatFileSize(512, 'en')).toBe('512 bytes');
    expect(formatFileSize(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatFileSize(1_234_567, 'fr')).toBe('1,2\u202fMo');
    expect(shortDigest(INVOICE_SHA)).toBe('9f86d081884c…');
    expect(isTypeNotAllowed({ status: 422, errors: [{ field: 'file', code: 'type_not_allowed', message: 'x' }] })).toBe(true);
    expect(isTypeNotAllowed({ status: 422, errors: [{ field: 'description', code: 'too_long', message: 'x' }] })).toBe(false);
  });
});

describe('AttachmentsPanel', () => {
  it('lists the record’s attachments with their size, uploader, date and digest, and offers no change to a reader', async () => {
    const served = serveAttachments();
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite={false} />);
    const attachments = await table();
    expect(Object.fromEntries(served.lists[0]!)).toEqual({
      owner_type: 'asset',
      owner_id: ASSET_ID,
      include_archived: 'false',
      sort: '-created_at',
      limit: '50',
    });
    // Header and the two current files; the removed one stays out.
    expect(within(attachments).getAllByRole('row')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'old-manual.pdf' })).toBeNull();

    const row = rowOf('invoice-2026-031.pdf');
    expect(within(row).getByText('application/pdf')).toBeVisible();
    expect(within(row).getByText('1.2 MB')).toHaveAttribute('title', '1,234,567 bytes');
    expect(within(row).getByText('Olivia Owner')).toBeVisible();
    expect(within(row).getByText('Purchase invoice')).toBeVisible();
    expect(within(row).getByText('9f86d081884c…')).toHaveAttribute('title', INVOICE_SHA);
    expect(within(row).getByRole('button', { name: 'Copy the SHA-256 of invoice-2026-031.pdf' })).toBeVisible();
    expect(within(row).getByRole('time')).toHaveAttribute('datetime', invoice.created_at);
    expect(within(rowOf('front.jpg')).getByText('512 bytes')).toBeVisible();

    // A reader can neither upload nor remove.
    expect(screen.queryByRole('form', { name: 'Attach a file' })).toBeNull();
    expect(document.querySelector('input[type="file"]')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Upload' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove / })).toBeNull();
  });

  it('shows the removed attachments on demand, marked as such', async () => {
    const served = serveAttachments();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite />);
    await table();
    await user.click(screen.getByRole('switch', { name: 'Show removed' }));
    expect(await screen.findByRole('button', { name: 'old-manual.pdf' })).toBeVisible();
    expect(served.lists.at(-1)?.get('include_archived')).toBe('true');
    const removed = rowOf('old-manual.pdf');
    expect(removed).toHaveAttribute('data-removed', 'true');
    expect(within(removed).getByText('Removed')).toBeVisible();
    // Already removed: nothing more to remove.
    expect(within(removed).queryByRole('button', { name: 'Remove old-manual.pdf' })).toBeNull();
    expect(within(rowOf('invoice-2026-031.pdf')).queryByText('Removed')).toBeNull();
  });

  it('says when nothing is attached', async () => {
    serveAttachments({ items: [] });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite={false} />);
    expect(await screen.findByText('No files attached.')).toBeVisible();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('reads the next page with the cursor', async () => {
    const served = serveAttachments({ items: [invoice, photo], pageSize: 1 });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite={false} />);
    await table();
    expect(screen.getByText('Showing 1 of 2 files')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('button', { name: 'front.jpg' })).toBeVisible();
    expect(served.lists.at(-1)?.get('cursor')).toBe('1');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('downloads a file through the API client, under its name', async () => {
    const served = serveAttachments();
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:opsdeck/attachment';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite={false} />);
    await table();
    await user.click(screen.getByRole('button', { name: 'invoice-2026-031.pdf' }));
    await waitFor(() => {
      expect(saved).toEqual(['invoice-2026-031.pdf']);
    });
    expect(served.downloads).toEqual([invoice.id]);
    expect(blobs[0]?.size).toBe('%PDF-1.7 invoice'.length);
  });

  it('copies the full SHA-256', async () => {
    serveAttachments();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite={false} />);
    await table();
    await user.click(screen.getByRole('button', { name: 'Copy the SHA-256 of invoice-2026-031.pdf' }));
    await waitFor(async () => {
      expect(await navigator.clipboard.readText()).toBe(INVOICE_SHA);
    });
  });

  it('uploads a file as multipart, owner fields first, and reads the list again', async () => {
    const served = serveAttachments({ items: [invoice], uploadedName: 'serial.txt' });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite />);
    await table();
    const form = screen.getByRole('form', { name: 'Attach a file' });
    expect(within(form).getByRole('button', { name: 'Upload' })).toBeDisabled();

    await user.upload(fileInput(), new File(['serial: ABC-123\n'], 'serial.txt', { type: 'text/plain' }));
    await user.type(within(form).getByRole('textbox', { name: /^Description/ }), 'Serial number label');
    await user.click(within(form).getByRole('button', { name: 'Upload' }));

    await waitFor(() => {
      expect(served.uploads).toHaveLength(1);
    });
    const [upload] = served.uploads;
    expect(upload!.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload!.keys).toEqual(['owner_type', 'owner_id', 'description', 'file']);
    expect(upload!.ownerType).toBe('asset');
    expect(upload!.ownerId).toBe(ASSET_ID);
    expect(upload!.description).toBe('Serial number label');
    // (Not the part's file name: Node's fetch sends a jsdom File as "blob"; a browser sends its name.)
    expect(upload!.content).toBe('serial: ABC-123\n');

    // The list is read again and shows the new file; the form is ready for the next one.
    expect(await screen.findByRole('button', { name: 'serial.txt' })).toBeVisible();
    expect(served.lists.length).toBeGreaterThan(1);
    expect(await screen.findByText('serial.txt attached.')).toBeVisible();
    expect(within(form).getByRole('textbox', { name: /^Description/ })).toHaveValue('');
    expect(within(form).getByRole('button', { name: 'Upload' })).toBeDisabled();
  });

  it('sends no description when none is given', async () => {
    const served = serveAttachments({ items: [] });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite />);
    await screen.findByText(/^No files attached yet/);
    await user.upload(fileInput(), new File(['a,b\n1,2\n'], 'data.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    await waitFor(() => {
      expect(served.uploads).toHaveLength(1);
    });
    expect(served.uploads[0]!.keys).toEqual(['owner_type', 'owner_id', 'file']);
  });

  it('explains a refused type of file and lists the accepted ones', async () => {
    serveAttachments({
      items: [invoice],
      answer: () =>
        problemResponse(
          problemFixture({
            status: 422,
            title: 'Unprocessable Entity',
            detail: 'This type of file is not accepted.',
            request_id: 'req-type',
            errors: [
              {
                field: 'file',
                code: 'type_not_allowed',
                message: 'page.txt (text/html; charset=utf-8) is not an accepted type',
              },
            ],
          }),
        ),
    });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite />);
    await table();
    await user.upload(fileInput(), new File(['<html><script>alert(1)</script></html>'], 'page.txt', { type: 'text/plain' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));

    const title = await screen.findByText('This type of file is not accepted');
    const alert = title.closest<HTMLElement>('[role="alert"]')!;
    expect(alert).toBeVisible();
    expect(alert).toHaveTextContent('Accepted: PDF, images (PNG, JPEG, GIF, WebP), plain text and CSV');
    expect(alert).toHaveTextContent('ZIP archives');
    expect(alert).toHaveTextContent('HTML');
    expect(alert).toHaveTextContent('req-type');
    // Not listed: it is said above in the user's language.
    expect(alert).not.toHaveTextContent('is not an accepted type');
    expect(screen.queryByRole('button', { name: 'page.txt' })).toBeNull();

    // Choosing another file clears the refusal.
    await user.upload(fileInput(), new File(['ok'], 'notes.txt', { type: 'text/plain' }));
    await waitFor(() => {
      expect(screen.queryByText('This type of file is not accepted')).toBeNull();
    });
  });

  it('explains a file too large', async () => {
    serveAttachments({
      items: [invoice],
      answer: () =>
        problemResponse(
          problemFixture({
            status: 413,
            title: 'Payload Too Large',
            detail: 'The upload is larger than 52428800 bytes.',
            request_id: 'req-413',
          }),
        ),
    });
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite />);
    await table();
    await user.upload(fileInput(), new File(['x'], 'huge.zip', { type: 'application/zip' }));
    await user.click(screen.getByRole('button', { name: 'Upload' }));
    const title = await screen.findByText('The file is too large');
    const alert = title.closest<HTMLElement>('[role="alert"]')!;
    expect(alert).toBeVisible();
    expect(alert).toHaveTextContent('upload limit');
    expect(alert).toHaveTextContent('The upload is larger than 52428800 bytes.');
    expect(alert).toHaveTextContent('req-413');
  });

  it('removes an attachment after confirmation', async () => {
    const served = serveAttachments();
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<AttachmentsPanel ownerType="asset" ownerId={ASSET_ID} canWrite />);
    await table();
    await user.click(screen.getByRole('button', { name: 'Remove front.jpg' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove this attachment?' });
    expect(dialog).toHaveTextContent('front.jpg leaves this record’s attachments');

    // Cancelling sends nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).toBeNull();
    });
    expect(served.archived).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Remove front.jpg' }));
    const again = await screen.findByRole('dialog', { name: 'Remove this attachment?' });
    await user.click(within(again).getByRole('button', { name: 'Remove' }));
    await waitFor(() => {
      expect(served.archived).toEqual([photo.id]);
    });
    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'front.jpg' })).toBeNull();
    });
    expect(screen.getByRole('button', { name: 'invoice-2026-031.pdf' })).toBeVisible();
    expect(await screen.findByText('front.jpg removed.')).toBeVisible();
  });
});
