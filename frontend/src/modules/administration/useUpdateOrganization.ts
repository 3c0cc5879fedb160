import { useMutation, useQueryClient } from '@tanstack/react-query';
import { client, unwrapVersioned, type Versioned } from '../../lib/api';
import { auditEventsQueryKey } from '../../lib/audit';
import { type Organization, organizationQueryKey } from '../../lib/deployment';
import type { OrganizationPatch } from './organizationForm';

export interface UpdateOrganizationInput {
  patch: OrganizationPatch;
  /** ETag of the version the user edited; a stale one makes the server answer 412. */
  etag: string;
}

/**
 * PATCH /organization as a merge patch guarded by If-Match; the answer replaces the cached organisation, and the audit
 * trail (which the save just extended) is read again.
 */
export function useUpdateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, etag }: UpdateOrganizationInput): Promise<Versioned<Organization>> =>
      unwrapVersioned(client.PATCH('/organization', { body: patch, params: { header: { 'If-Match': etag } } })),
    onSuccess: (result) => {
      queryClient.setQueryData(organizationQueryKey, result);
      void queryClient.invalidateQueries({ queryKey: auditEventsQueryKey });
    },
  });
}

/** The ETag to send: the one the server gave, else the one its `version` stands for (the contract's `"<version>"`). */
export function etagFor(organization: Versioned<Organization>): string {
  return organization.etag ?? `"${String(organization.data.version)}"`;
}
