/**
 * Custom field definitions (openapi.yaml, tag data): the fields an organisation adds to the records of a linkable type,
 * in form order, and their changes. Reading is open to every member; changing needs `administration` write. Records
 * carry the values in `custom_fields` (an object by key); the API refuses a bad value with a 422 whose field error is
 * `custom_fields.<key>`.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../api/schema';
import { client, fieldErrorMessage, normalizeFieldPath, toApiError, unwrap } from '../../lib/api';
import { auditEventsQueryKey } from '../../lib/audit';
import { MAX_PAGE, readAll, versionEtag } from './dataApi';

export type CustomField = components['schemas']['CustomField'];
export type CustomFieldType = components['schemas']['CustomFieldType'];
export type CustomFieldCreate = components['schemas']['CustomFieldCreate'];
export type CustomFieldPatch = components['schemas']['CustomFieldPatch'];
export type CustomFieldValueMap = components['schemas']['CustomFieldValues'];

export const CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = [
  'text',
  'long_text',
  'number',
  'date',
  'boolean',
  'select',
  'multi_select',
  'url',
  'user',
];

/** Types whose values are chosen among the definition's options. */
export function hasOptions(type: CustomFieldType): boolean {
  return type === 'select' || type === 'multi_select';
}

/** The contract's key pattern: lowercase letters, digits and `_`, starting with a letter, at most 40. */
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;

export const customFieldsQueryKey = ['custom-fields'] as const;

/** GET /custom-fields of one entity type, in form order, every page (a type has a few dozen fields at most). */
export function customFieldDefinitionsQueryOptions(entityType: string, { includeArchived = false } = {}) {
  return queryOptions({
    queryKey: [...customFieldsQueryKey, 'definitions', entityType, { include_archived: includeArchived }] as const,
    queryFn: ({ signal }): Promise<CustomField[]> =>
      readAll(async (cursor) =>
        (
          await unwrap(
            client.GET('/custom-fields', {
              params: {
                query: {
                  entity_type: entityType,
                  ...(includeArchived ? { include_archived: true } : {}),
                  sort: 'position',
                  limit: MAX_PAGE,
                  cursor,
                },
              },
              signal,
            }),
          )
        ).data,
      ),
    staleTime: 60_000,
  });
}

/** After a change: every list of definitions (forms and details follow) and the audit trail. */
function useInvalidateCustomFields() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: customFieldsQueryKey }),
      queryClient.invalidateQueries({ queryKey: auditEventsQueryKey }),
    ]);
}

export function useCreateCustomField() {
  const invalidate = useInvalidateCustomFields();
  return useMutation({
    mutationFn: async (body: CustomFieldCreate): Promise<CustomField> =>
      (await unwrap(client.POST('/custom-fields', { body }))).data,
    onSuccess: () => invalidate(),
  });
}

/** Merge patch of what changed, with the If-Match of the version the form started from. */
export function useUpdateCustomField() {
  const invalidate = useInvalidateCustomFields();
  return useMutation({
    mutationFn: async ({
      field,
      patch,
    }: {
      field: Pick<CustomField, 'id' | 'version'>;
      patch: CustomFieldPatch;
    }): Promise<CustomField> =>
      (
        await unwrap(
          client.PATCH('/custom-fields/{id}', {
            params: { path: { id: field.id }, header: { 'If-Match': versionEtag(field.version) } },
            body: patch,
          }),
        )
      ).data,
    onSuccess: () => invalidate(),
  });
}

/** Archives (no longer in forms; stored values stay) or restores a definition. */
export function useSetCustomFieldArchived() {
  const invalidate = useInvalidateCustomFields();
  return useMutation({
    mutationFn: async ({ id, archived }: { id: string; archived: boolean }): Promise<CustomField> =>
      (
        await unwrap(
          archived
            ? client.POST('/custom-fields/{id}/archive', { params: { path: { id } } })
            : client.POST('/custom-fields/{id}/restore', { params: { path: { id } } }),
        )
      ).data,
    onSettled: () => invalidate(),
  });
}

const CUSTOM_FIELDS_PREFIX = 'custom_fields.';

/**
 * The field errors of a refused save that concern custom fields, by key: the API names them `custom_fields.<key>`
 * (or a path inside the value, `custom_fields.<key>.1`). Accepts an ApiError, a problem+json body or anything thrown;
 * the first message of each key wins.
 */
export function customFieldErrors(problem: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const error of toApiError(problem).errors) {
    const path = normalizeFieldPath(error.field);
    if (!path.startsWith(CUSTOM_FIELDS_PREFIX)) continue;
    const key = path.slice(CUSTOM_FIELDS_PREFIX.length).split('.')[0];
    if (key && !(key in errors)) errors[key] = fieldErrorMessage(error);
  }
  return errors;
}

/** True when a value counts as empty (the API stores nothing for it). */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
