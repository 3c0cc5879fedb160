import { useQuery } from '@tanstack/react-query';
import { customFieldDefinitionsQueryOptions } from './customFieldsApi';

/** The active custom fields of an entity type (`asset`, …), in form order. Waits while `entityType` is empty. */
export function useCustomFieldDefinitions(entityType: string) {
  return useQuery({ ...customFieldDefinitionsQueryOptions(entityType), enabled: entityType !== '' });
}
