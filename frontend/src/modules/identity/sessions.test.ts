import { describe, expect, it } from 'vitest';
import { i18n } from '../../lib/i18n';
import { sessionFixture } from '../../test/fixtures';
import { deviceName, methodLabel, summarizeUserAgent } from './sessions';

describe('summarizeUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
      { client: 'Firefox 128', system: 'Windows' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      { client: 'Chrome 131', system: 'macOS' },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70',
      { client: 'Edge 131', system: 'Windows' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      { client: 'Safari 18', system: 'iPhone' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      { client: 'Chrome 131', system: 'Android' },
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      { client: 'Chrome 131', system: 'Linux' },
    ],
    ['curl/8.5.0', { client: 'curl 8.5', system: undefined }],
    ['Go-http-client/1.1', { client: 'Go-http-client 1.1', system: undefined }],
    ['Mozilla/5.0 (X11; Linux x86_64)', { system: 'Linux' }],
    ['', {}],
  ])('%s', (userAgent, expected) => {
    expect(summarizeUserAgent(userAgent)).toEqual(expected);
  });
});

describe('deviceName and methodLabel', () => {
  const t = i18n.t.bind(i18n);

  it('names a device in a few words', () => {
    expect(deviceName(sessionFixture(), t)).toBe('Firefox 128 on Windows');
    expect(deviceName(sessionFixture({ user_agent: 'curl/8.5.0' }), t)).toBe('curl 8.5');
    expect(deviceName(sessionFixture({ user_agent: '' }), t)).toBe('Unknown device');
  });

  it('translates the known sign-in methods and shows the others as they are', () => {
    expect(['pwd', 'otp', 'oidc', 'webauthn'].map((method) => methodLabel(method, t))).toEqual([
      'Password',
      'Authenticator app',
      'Single sign-on',
      'webauthn',
    ]);
  });
});
