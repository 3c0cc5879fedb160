/**
 * Downloading what a job made. A file of the API (`/api/v1/files/<id>`) needs the session's access token, which lives
 * in memory only: a plain link would go without it. So the file is fetched through the API client and handed to the
 * browser as a blob, under the name the server gave it.
 */
import { API_BASE_URL, client, unwrap } from '../../lib/api';

const FILE_HREF = new RegExp(`^${API_BASE_URL}/files/([0-9a-fA-F-]{36})$`);

/** The file id of an API download address, or undefined for any other address. */
export function fileIdOf(href: string): string | undefined {
  return FILE_HREF.exec(href)?.[1];
}

/** The file name of a `Content-Disposition` header (RFC 6266: `filename*` first), or undefined. */
export function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const extended = /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  const name = (plain?.[2] ?? plain?.[1])?.trim();
  return name === '' ? undefined : name;
}

/** Fetches an API file with the session's credentials and saves it (throws ApiError when refused). */
export async function downloadApiFile(id: string): Promise<void> {
  const { data, response } = await unwrap(client.GET('/files/{id}', { params: { path: { id } }, parseAs: 'blob' }));
  saveBlob(data, fileNameOf(response.headers.get('Content-Disposition')) ?? `download-${id}`);
}

/** Hands a blob to the browser as a download named `name`. */
export function saveBlob(data: Blob, name: string): void {
  const url = URL.createObjectURL(data);
  try {
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = name;
    anchor.rel = 'noopener';
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
  } finally {
    // The click has handed the blob to the browser's download; the address is no longer needed.
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 0);
  }
}
