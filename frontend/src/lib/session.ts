/**
 * The signed-in session as the SPA holds it: the access token (in memory only — never in storage, where any script
 * could read it), its renewal from the httpOnly refresh cookie, and the status the router acts on.
 *
 * - On start, one `POST /auth/refresh` restores a session; without one, a development server may still answer
 *   `GET /me` as the "bootstrap" administrator, and the app then works without signing in.
 * - Every API call is signed with the token (see `apiMiddleware` in api.ts); a 401 renews the token once and replays
 *   the call once. Renewals are single-flight (and serialised across tabs with the Web Locks API): presenting a refresh
 *   token that was already rotated revokes the whole session, so two renewals must never race.
 * - The token is renewed shortly before it expires.
 */
import { useSyncExternalStore } from 'react';
import type { components } from '../api/schema';
import { setAuthenticator, toApiError, unwrap, client } from './api';

export type TokenResponse = components['schemas']['TokenResponse'];
export type MfaChallenge = components['schemas']['MfaChallenge'];
export type LoginRequest = components['schemas']['LoginRequest'];
export type MfaAnswer = components['schemas']['MfaAnswer'];
export type ReauthenticateRequest = components['schemas']['ReauthenticateRequest'];

/**
 * - `starting`: the session is being restored (nothing is shown yet).
 * - `signed-in`: requests carry an access token.
 * - `bootstrap`: no session, but the (development) server accepts requests without credentials.
 * - `signed-out`: the sign-in page is the only way in.
 */
export type SessionStatus = 'starting' | 'signed-in' | 'bootstrap' | 'signed-out';

export interface SessionSnapshot {
  status: SessionStatus;
  /** Why the last session ended: the user signed out, or it expired or was revoked (the app then says so). */
  ended?: 'signed-out' | 'expired';
  /** When the user last proved who they are (ms since the epoch), from the token; display hint only. */
  authTime?: number;
  /** Whether the user is known to have a second factor (signed in with one, or enrolled in this session). */
  secondFactor: boolean;
  /** Where to go after the next sign-in (set when the user signs out in order to sign in again). */
  returnTo?: string;
}

/** Renew this many seconds before the access token expires. */
export const REFRESH_LEAD_SECONDS = 60;
/** After a renewal that failed for want of a server, try again after this many seconds. */
const RETRY_SECONDS = 30;
const LOCK_NAME = 'opsdeck.session-refresh';
const CSRF = { 'X-OpsDeck-CSRF': '1' } as const;

type RefreshOutcome = 'renewed' | 'no-session' | 'unavailable';

let accessToken: string | undefined;
let expiresAt = 0;
let snapshot: SessionSnapshot = { status: 'starting', secondFactor: false };
/** Bumped whenever a session starts or ends, so that an answer that arrives late cannot revive an ended session. */
let epoch = 0;
let starting: Promise<void> | undefined;
let refreshing: Promise<RefreshOutcome> | undefined;
let queue: Promise<unknown> = Promise.resolve();
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function update(patch: Partial<SessionSnapshot>): void {
  snapshot = { ...snapshot, ...patch };
  for (const listener of listeners) listener();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function getSessionSnapshot(): SessionSnapshot {
  return snapshot;
}

/** The status now (a function, not a narrowed variable: it changes across every await). */
function currentStatus(): SessionStatus {
  return snapshot.status;
}

/** The session, re-rendering on every change. */
export function useSession(): SessionSnapshot {
  return useSyncExternalStore(subscribeSession, getSessionSnapshot, getSessionSnapshot);
}

export function getAccessToken(): string | undefined {
  return accessToken;
}

interface TokenClaims {
  authTime?: number;
  amr: string[];
}

/** Reads `auth_time` and `amr` from the JWT's payload, for display only: the server checks the signature. */
export function readClaims(token: string): TokenClaims {
  const payload = token.split('.')[1];
  if (!payload) return { amr: [] };
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const claims: unknown = JSON.parse(atob(base64));
    if (typeof claims !== 'object' || claims === null) return { amr: [] };
    const record = claims as Record<string, unknown>;
    const amr = Array.isArray(record.amr) ? record.amr.filter((value): value is string => typeof value === 'string') : [];
    const authTime = typeof record.auth_time === 'number' ? record.auth_time * 1000 : undefined;
    return { authTime, amr };
  } catch {
    return { amr: [] };
  }
}

function clearTimer(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

function schedule(seconds: number): void {
  clearTimer();
  timer = setTimeout(() => {
    timer = undefined;
    void renewAhead();
  }, seconds * 1000);
}

/** Seconds to wait before renewing a token that is valid for `expiresIn` seconds. */
export function refreshDelay(expiresIn: number): number {
  return expiresIn > 2 * REFRESH_LEAD_SECONDS ? expiresIn - REFRESH_LEAD_SECONDS : Math.max(1, expiresIn / 2);
}

/** Takes a new access token: requests use it from now on, and it is renewed before it expires. */
function adopt(token: TokenResponse): void {
  accessToken = token.access_token;
  expiresAt = Date.now() + token.expires_in * 1000;
  const claims = readClaims(token.access_token);
  update({
    status: 'signed-in',
    ended: undefined,
    returnTo: undefined,
    authTime: claims.authTime,
    secondFactor: snapshot.secondFactor || claims.amr.includes('otp'),
  });
  schedule(refreshDelay(token.expires_in));
}

function end(reason: 'signed-out' | 'expired', returnTo?: string): void {
  epoch += 1;
  accessToken = undefined;
  expiresAt = 0;
  clearTimer();
  update({ status: 'signed-out', ended: reason, authTime: undefined, secondFactor: false, returnTo });
}

/** Runs `task` after every renewal already queued, and while no other tab of this browser renews. */
function serial<T>(task: () => Promise<T>): Promise<T> {
  const locked = (): Promise<T> =>
    typeof navigator !== 'undefined' && 'locks' in navigator
      ? // The lock is held until the task's promise settles; its answer is the task's.
        (navigator.locks.request(LOCK_NAME, task) as Promise<T>)
      : task();
  const run = queue.then(locked, locked);
  queue = run.catch(() => undefined);
  return run;
}

async function requestToken(organizationId?: string): Promise<TokenResponse> {
  const { data } = await unwrap(
    client.POST('/auth/refresh', {
      params: { header: CSRF },
      body: organizationId === undefined ? undefined : { organization_id: organizationId },
    }),
  );
  return data;
}

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request; the answer is dropped if
 * the session ended (or another began) meanwhile.
 */
export function refreshSession(): Promise<RefreshOutcome> {
  refreshing ??= serial(async (): Promise<RefreshOutcome> => {
    const started = epoch;
    try {
      const token = await requestToken();
      if (epoch !== started) return 'no-session';
      adopt(token);
      return 'renewed';
    } catch (error) {
      const { status } = toApiError(error);
      return status === 401 || status === 403 ? 'no-session' : 'unavailable';
    }
  }).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

/** The proactive renewal shortly before expiry. */
async function renewAhead(): Promise<void> {
  if (currentStatus() !== 'signed-in') return;
  const outcome = await refreshSession();
  if (outcome === 'no-session' && currentStatus() === 'signed-in') end('expired');
  if (outcome === 'unavailable' && currentStatus() === 'signed-in' && Date.now() < expiresAt) schedule(RETRY_SECONDS);
}

/** After a 401: the token to replay the request with, or undefined when the session is gone. */
async function renew(failedToken: string | undefined): Promise<string | undefined> {
  const { status } = snapshot;
  if (status === 'starting' || status === 'signed-out') return undefined;
  // Another request already renewed the token this one was sent with.
  if (accessToken !== undefined && accessToken !== failedToken) return accessToken;
  const outcome = await refreshSession();
  if (outcome === 'renewed') return accessToken;
  if (outcome === 'no-session' && currentStatus() !== 'signed-out') end('expired');
  return undefined;
}

setAuthenticator({ accessToken: () => accessToken, renew });

/** Restores the session once per page load (later calls wait for the first) and answers the resulting status. */
export async function startSession(): Promise<SessionStatus> {
  starting ??= (async () => {
    const outcome = await refreshSession();
    if (outcome === 'renewed' || currentStatus() !== 'starting') return;
    // No session. A development server lets requests without credentials in as the bootstrap administrator.
    try {
      const { data } = await unwrap(client.GET('/me'));
      if (data.kind === 'bootstrap' && currentStatus() === 'starting') {
        update({ status: 'bootstrap' });
        return;
      }
    } catch {
      // 401 in production: a sign-in is needed.
    }
    if (currentStatus() === 'starting') update({ status: 'signed-out' });
  })();
  await starting;
  return snapshot.status;
}

function signIn(token: TokenResponse, secondFactor: boolean): void {
  epoch += 1;
  snapshot = { ...snapshot, secondFactor };
  adopt(token);
}

export type SignInResult = { kind: 'signed-in' } | { kind: 'second-factor'; challenge: MfaChallenge };

function isChallenge(value: TokenResponse | MfaChallenge): value is MfaChallenge {
  return 'mfa_token' in value;
}

/** `POST /auth/login`: signs in, or answers the second-factor challenge to complete with {@link completeSecondFactor}. */
export async function login(credentials: LoginRequest): Promise<SignInResult> {
  const { data } = await unwrap(client.POST('/auth/login', { body: credentials }));
  if (isChallenge(data)) return { kind: 'second-factor', challenge: data };
  signIn(data, false);
  return { kind: 'signed-in' };
}

/** `POST /auth/mfa` with a TOTP code or a recovery code. */
export async function completeSecondFactor(answer: MfaAnswer): Promise<void> {
  const { data } = await unwrap(client.POST('/auth/mfa', { body: answer }));
  signIn(data, true);
}

/** Renew first when the access token has less than this many seconds left (a refused token would look like a failure). */
const REAUTHENTICATE_MARGIN_SECONDS = 15;

/**
 * `POST /auth/reauthenticate`: proves again who the signed-in user is (password, and the authenticator code when the
 * account has one). The answer is a new access token for the same session, with a sign-in time of now, which replaces
 * the one in memory: actions that need a recent sign-in then work for the next 10 minutes.
 *
 * The middleware never signs nor renews `/auth/*` requests (their 401 means wrong credentials), so this one is signed
 * here, with a token renewed beforehand when it is about to expire, and renewed once more if it is refused anyway.
 * Throws the ApiError of a refusal (422 with field errors for a wrong password or code, 429 when locked out).
 */
export async function reauthenticate(proof: ReauthenticateRequest): Promise<void> {
  if (snapshot.status === 'signed-in' && Date.now() >= expiresAt - REAUTHENTICATE_MARGIN_SECONDS * 1000) {
    await renew(accessToken);
  }
  // Queued behind renewals, so that a refresh answered later cannot replace the fresher token with an older one.
  const attempt = () =>
    serial(async () => {
      const started = epoch;
      const token = accessToken;
      const { data } = await unwrap(
        client.POST('/auth/reauthenticate', {
          body: proof,
          headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
        }),
      );
      if (epoch === started) adopt(data);
    });
  try {
    await attempt();
  } catch (thrown) {
    const error = toApiError(thrown);
    if (!error.isUnauthorized || snapshot.status !== 'signed-in') throw error;
    // The access token itself was refused (expired meanwhile, or a signing key rotated): renew it, then once more.
    if ((await renew(accessToken)) === undefined) throw error;
    await attempt();
  }
}

/**
 * Makes another of the user's organisations the active one (a renewal with `organization_id`). Throws the ApiError
 * when the server refuses; the caller then resets the query cache, since every answer depends on the organisation.
 */
export async function switchOrganization(organizationId: string): Promise<void> {
  await serial(async () => {
    const started = epoch;
    const token = await requestToken(organizationId);
    if (epoch === started) adopt(token);
  });
}

/**
 * Forgets the token at once, then revokes the session on the server (which also clears the refresh cookie).
 * `returnTo`: the page to come back to after signing in again.
 */
export async function signOut(returnTo?: string): Promise<void> {
  end('signed-out', returnTo);
  try {
    await serial(() => unwrap(client.POST('/auth/logout', { params: { header: CSRF } })));
  } catch {
    // Nothing more to do here: the memory is clear and the cookie's session ends on its own.
  }
}

/** Records that the user turned the second factor on or off (display hint; /me.mfa_enrolled is the authority). */
export function setSecondFactor(on: boolean): void {
  update({ secondFactor: on });
}

/** Back to the state of a fresh page load (tests). */
export function resetSession(): void {
  epoch += 1;
  accessToken = undefined;
  expiresAt = 0;
  clearTimer();
  starting = undefined;
  refreshing = undefined;
  queue = Promise.resolve();
  snapshot = { status: 'starting', secondFactor: false };
  for (const listener of listeners) listener();
}
