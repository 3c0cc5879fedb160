/**
 * The user's API tokens: the keyset-paged list, and the creation form (its values, rules and request body). A token's
 * scopes must lie within the user's own permissions, and it expires within a year.
 */
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { components } from '../../api/schema';
import { type ApiError, client, type FieldError, unwrap } from '../../lib/api';
import type { ModuleSlug } from '../../lib/deployment';
import { toDateInput } from '../../lib/intl';
import { atLeast, type GrantedLevel, levelOf, type Me } from '../../lib/me';
import { MODULES } from '../../app/modules';

export type ApiToken = components['schemas']['ApiToken'];
export type ApiTokenList = components['schemas']['ApiTokenList'];
export type ApiTokenCreate = components['schemas']['ApiTokenCreate'];
export type ApiTokenCreated = components['schemas']['ApiTokenCreated'];

export const apiTokensQueryKey = ['api-tokens'] as const;

/** GET /me/api-tokens, newest first, revoked and expired ones included (the table says which). */
export function apiTokensQueryOptions(pageSize = 50) {
  const query = { include_revoked: true, limit: pageSize };
  return infiniteQueryOptions({
    queryKey: [...apiTokensQueryKey, query] as const,
    queryFn: async ({ pageParam, signal }): Promise<ApiTokenList> =>
      (await unwrap(client.GET('/me/api-tokens', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;

export function addDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

/** The expiry day the form offers first, and the range it accepts (tomorrow to a year from today). */
export function expiryBounds(now: Date): { initial: string; min: string; max: string } {
  return {
    initial: toDateInput(addDays(now, DEFAULT_TOKEN_DAYS)),
    min: toDateInput(addDays(now, 1)),
    max: toDateInput(addDays(now, MAX_TOKEN_DAYS)),
  };
}

/**
 * The expiry moment for a day chosen in the form: that day at the current time of day, so that "a year from today" is
 * exactly a year away (the API refuses more). Undefined for an unreadable value.
 */
export function expiryMoment(day: string, now: Date): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, year, month, date] = match.map(Number) as [number, number, number, number];
  const moment = new Date(year, month - 1, date, now.getHours(), now.getMinutes(), now.getSeconds());
  return moment.getFullYear() === year && moment.getMonth() === month - 1 ? moment : undefined;
}

/** Modules the user may put in a token: those they have a permission on, in the navigation's order. */
export function scopeModules(me: Me | undefined): ModuleSlug[] {
  return MODULES.map((module) => module.slug).filter((slug) => atLeast(levelOf(me, slug), 'read'));
}

export interface ScopeRow {
  /** A module slug, '' until one is chosen. */
  module: string;
  level: GrantedLevel;
}

export interface ApiTokenFormValues {
  name: string;
  scopes: ScopeRow[];
  /** `<input type="date">` value. */
  expires: string;
}

export function createApiTokenSchema(t: TFunction, me: Me | undefined, now: () => Date) {
  return z
    .object({
      name: z.string().trim().min(1, t('validation.required')).max(100, t('validation.tooLong', { max: 100 })),
      scopes: z
        .array(z.object({ module: z.string(), level: z.enum(['read', 'write', 'admin']) }))
        .min(1, t('apiTokens.errors.noScope'))
        .max(64, t('validation.tooMany', { max: 64 })),
      expires: z.string(),
    })
    .superRefine((values, context) => {
      const seen = new Set<string>();
      values.scopes.forEach((scope, index) => {
        if (scope.module === '') {
          context.addIssue({ code: 'custom', path: ['scopes', index, 'module'], message: t('validation.required') });
          return;
        }
        if (seen.has(scope.module)) {
          context.addIssue({ code: 'custom', path: ['scopes', index, 'module'], message: t('apiTokens.errors.duplicate') });
        }
        seen.add(scope.module);
        if (!atLeast(levelOf(me, scope.module as ModuleSlug), scope.level)) {
          context.addIssue({ code: 'custom', path: ['scopes', index, 'level'], message: t('apiTokens.errors.exceedsRights') });
        }
      });
      const today = now();
      const moment = expiryMoment(values.expires, today);
      const { min, max } = expiryBounds(today);
      if (!moment) {
        context.addIssue({ code: 'custom', path: ['expires'], message: t('apiTokens.errors.expiry') });
      } else if (values.expires < min || values.expires > max) {
        const message = t('apiTokens.errors.expiryRange', { max: MAX_TOKEN_DAYS });
        context.addIssue({ code: 'custom', path: ['expires'], message });
      }
    });
}

/** The request body for the form's values (checked by the schema first). */
export function toApiTokenCreate(values: ApiTokenFormValues, now: Date): ApiTokenCreate {
  const moment = expiryMoment(values.expires, now) ?? addDays(now, DEFAULT_TOKEN_DAYS);
  return {
    name: values.name.trim(),
    scopes: values.scopes
      .filter((scope) => scope.module !== '')
      // Checked by the schema: a module of scopeModules().
      .map((scope) => ({ module: scope.module as ModuleSlug, level: scope.level })),
    expires_at: moment.toISOString(),
  };
}

/**
 * The server's field paths on the form's: `expires_at` is the date input, and `scopes.N` counts the scopes sorted by
 * module (as the server stores them), which is put on the level of that module's row.
 */
export function mapApiTokenErrors(error: ApiError, values: ApiTokenFormValues): ApiError {
  const sorted = [...new Set(values.scopes.map((scope) => scope.module).filter((module) => module !== ''))].sort();
  const errors = error.errors.map((fieldError): FieldError => {
    if (fieldError.field === 'expires_at') return { ...fieldError, field: 'expires' };
    const scope = /^scopes[.[](\d+)\]?(?:\.(module|level))?$/.exec(fieldError.field);
    if (scope) {
      const module = sorted[Number(scope[1])];
      const row = values.scopes.findIndex((candidate) => candidate.module === module);
      if (row >= 0) return { ...fieldError, field: `scopes.${String(row)}.${scope[2] ?? 'level'}` };
    }
    return fieldError;
  });
  return error.withErrors(errors);
}

/** Every input of the form for `rows` scope rows, for applyProblemToForm. */
export function apiTokenFormFields(rows: number): string[] {
  const fields = ['name', 'expires'];
  for (let index = 0; index < rows; index += 1) fields.push(`scopes.${String(index)}.module`, `scopes.${String(index)}.level`);
  return fields;
}
