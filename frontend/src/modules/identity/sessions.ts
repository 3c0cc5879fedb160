/**
 * The user's open sessions (`GET /me/sessions`): the keyset-paged list in either order, and how a session's user agent
 * and sign-in methods read to a person.
 */
import { infiniteQueryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { components, operations } from '../../api/schema';
import { client, unwrap } from '../../lib/api';

export type UserSession = components['schemas']['Session'];
export type UserSessionList = components['schemas']['SessionList'];
export type SessionSort = NonNullable<NonNullable<operations['listMySessions']['parameters']['query']>['sort']>;

export const SESSION_SORTS: readonly SessionSort[] = ['-created_at', '-last_used_at'];

export const sessionsQueryKey = ['my-sessions'] as const;

export function sessionsQueryOptions(sort: SessionSort, pageSize = 50) {
  const query = { sort, limit: pageSize };
  return infiniteQueryOptions({
    queryKey: [...sessionsQueryKey, query] as const,
    queryFn: async ({ pageParam, signal }): Promise<UserSessionList> =>
      (await unwrap(client.GET('/me/sessions', { params: { query: { ...query, cursor: pageParam } }, signal }))).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export interface UserAgentSummary {
  /** "Firefox 128", "curl 8.5" … */
  client?: string;
  /** "Windows", "macOS", "iPhone" … */
  system?: string;
}

/** Browsers, most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bSamsungBrowser\/(\d+)/, 'Samsung Internet'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\bFxiOS\/(\d+)/, 'Firefox'],
  [/\bCriOS\/(\d+)/, 'Chrome'],
  [/\bChromium\/(\d+)/, 'Chromium'],
  [/\b(?:Headless)?Chrome\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)(?:\.\d+)*.*\bSafari\//, 'Safari'],
];

/** Systems, most specific first: iPadOS and Android also say "Mac OS X" and "Linux". */
const SYSTEMS: readonly [RegExp, string][] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/**
 * What a user agent string says in a few words: "Firefox 128" on "Windows". Programs other than browsers (curl, the
 * Go client, an integration) are named by their first product token. Nothing for an empty string.
 */
export function summarizeUserAgent(userAgent: string): UserAgentSummary {
  const value = userAgent.trim();
  if (value === '') return {};
  const system = SYSTEMS.find(([pattern]) => pattern.test(value))?.[1];
  for (const [pattern, name] of BROWSERS) {
    const match = pattern.exec(value);
    if (match) return { client: `${name} ${match[1] ?? ''}`.trim(), system };
  }
  if (value.startsWith('Mozilla/')) return { system };
  // "curl/8.5.0", "Go-http-client/1.1", "opsdeck-cli/0.3.0 (linux)".
  const product = /^([A-Za-z][\w.-]{0,40})(?:\/(\d+(?:\.\d+)?))?/.exec(value);
  if (product) return { client: product[2] ? `${product[1] ?? ''} ${product[2]}` : product[1], system };
  return { system };
}

/** The sign-in methods the server names (`amr` values) that the UI translates; others are shown as they are. */
export const KNOWN_METHODS = ['pwd', 'otp', 'oidc', 'sso'] as const;
export type KnownMethod = (typeof KNOWN_METHODS)[number];

export function isKnownMethod(method: string): method is KnownMethod {
  return (KNOWN_METHODS as readonly string[]).includes(method);
}

/** "Firefox 128 on Windows", as far as the user agent tells. */
export function deviceName(session: UserSession, t: TFunction): string {
  const { client: program, system } = summarizeUserAgent(session.user_agent);
  if (program && system) return t('sessions.device', { client: program, system });
  return program ?? system ?? t('sessions.unknownDevice');
}

/** "Password", "Authenticator app", "Single sign-on"; an unknown method as the server names it. */
export function methodLabel(method: string, t: TFunction): string {
  return isKnownMethod(method) ? t(`sessions.methods.${method}`) : method;
}
