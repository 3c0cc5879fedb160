/** The brand and model forms: values, rules, and the request bodies they make. */
import type { TFunction } from 'i18next';
import { z } from 'zod';
import {
  type AssetCategory,
  ASSET_CATEGORIES,
  type AssetModel,
  type AssetModelCreate,
  type AssetModelPatch,
  type Brand,
  type BrandCreate,
  type BrandPatch,
} from './assetsApi';

export interface BrandFormValues {
  name: string;
  website: string;
  notes: string;
}

export const BRAND_FORM_FIELDS = ['name', 'website', 'notes'] as const;

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

export function createBrandSchema(t: TFunction) {
  return z.object({
    name: z.string().trim().min(1, t('validation.required')).max(100, t('validation.tooLong', { max: 100 })),
    website: z
      .string()
      .trim()
      .max(500, t('validation.tooLong', { max: 500 }))
      .refine((value) => value === '' || isHttpUrl(value), t('validation.url')),
    notes: z.string().trim().max(2000, t('validation.tooLong', { max: 2000 })),
  });
}

export function toBrandValues(brand: Brand | undefined): BrandFormValues {
  return { name: brand?.name ?? '', website: brand?.website ?? '', notes: brand?.notes ?? '' };
}

export function toBrandCreate(values: BrandFormValues): BrandCreate {
  const body: BrandCreate = { name: values.name.trim() };
  if (values.website.trim()) body.website = values.website.trim();
  if (values.notes.trim()) body.notes = values.notes.trim();
  return body;
}

export function buildBrandPatch(original: BrandFormValues, values: BrandFormValues): BrandPatch | undefined {
  const patch: BrandPatch = {};
  for (const field of BRAND_FORM_FIELDS) {
    if (original[field].trim() !== values[field].trim()) patch[field] = values[field].trim();
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

export interface ModelFormValues {
  /** Chosen at creation only: a model stays with its brand. */
  brand_id: string | null;
  name: string;
  category: AssetCategory;
  notes: string;
}

export const MODEL_FORM_FIELDS = ['brand_id', 'name', 'category', 'notes'] as const;

export function createModelSchema(t: TFunction) {
  return z.object({
    brand_id: z
      .string()
      .nullable()
      .refine((value) => value !== null && value !== '', t('validation.required')),
    name: z.string().trim().min(1, t('validation.required')).max(100, t('validation.tooLong', { max: 100 })),
    category: z.enum(ASSET_CATEGORIES),
    notes: z.string().trim().max(2000, t('validation.tooLong', { max: 2000 })),
  });
}

export function toModelValues(model: AssetModel | undefined, brandId: string | null = null): ModelFormValues {
  return {
    brand_id: model?.brand_id ?? brandId,
    name: model?.name ?? '',
    category: model?.category ?? 'other',
    notes: model?.notes ?? '',
  };
}

export function toModelCreate(values: ModelFormValues): AssetModelCreate {
  const body: AssetModelCreate = { brand_id: values.brand_id ?? '', name: values.name.trim(), category: values.category };
  if (values.notes.trim()) body.notes = values.notes.trim();
  return body;
}

export function buildModelPatch(original: ModelFormValues, values: ModelFormValues): AssetModelPatch | undefined {
  const patch: AssetModelPatch = {};
  if (original.name.trim() !== values.name.trim()) patch.name = values.name.trim();
  if (original.category !== values.category) patch.category = values.category;
  if (original.notes.trim() !== values.notes.trim()) patch.notes = values.notes.trim();
  return Object.keys(patch).length > 0 ? patch : undefined;
}
