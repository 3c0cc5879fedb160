/** The configuration form's values, the merge patch of an edit and the JSON editor's messages. */
import { useTranslation } from 'react-i18next';
import type { Configuration, ConfigurationKind, ConfigurationPatch } from './configurationsApi';
import type { DocumentCheck } from './documentJson';

export interface ConfigurationFormValues {
  name: string;
  kind: ConfigurationKind;
  description: string;
  tag_ids: string[];
  document: string;
  message: string;
}

/** The editor's refusal in the UI language. */
export function useDocumentError() {
  const { t } = useTranslation();
  return (check: DocumentCheck): string | undefined =>
    check.ok ? undefined : t(`configurations.document.errors.${check.reason}`, { detail: check.detail ?? '' });
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((id, index) => id === [...b].sort()[index]);
}

/** The merge patch of what changed between the configuration and the form, or undefined when nothing did. */
export function buildPatch(before: Configuration, values: ConfigurationFormValues): ConfigurationPatch | undefined {
  const patch: ConfigurationPatch = {};
  if (values.name.trim() !== before.name) patch.name = values.name.trim();
  if (values.kind !== before.kind) patch.kind = values.kind;
  if (values.description.trim() !== before.description) patch.description = values.description.trim();
  const tags = before.tags.map((tag) => tag.id);
  if (!sameIds(tags, values.tag_ids)) patch.tag_ids = values.tag_ids;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

