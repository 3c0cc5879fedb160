import type { AssetModel } from './assetsApi';

export interface ModelOptionGroup {
  group: string;
  items: { value: string; label: string }[];
}

/** Models grouped by brand (brands by name), for a Select. */
export function modelOptions(models: readonly AssetModel[] | undefined): ModelOptionGroup[] {
  const groups = new Map<string, ModelOptionGroup>();
  for (const model of models ?? []) {
    const group = groups.get(model.brand_id) ?? { group: model.brand_name, items: [] };
    group.items.push({ value: model.id, label: model.name });
    groups.set(model.brand_id, group);
  }
  return [...groups.values()].sort((a, b) => a.group.localeCompare(b.group));
}
