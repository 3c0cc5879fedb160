import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { initI18n } from '../lib/i18n';
import { resetSession } from '../lib/session';
import { server } from './server';

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await initI18n('en');
});

afterEach(() => {
  cleanup();
  resetSession();
  server.resetHandlers();
  window.localStorage.clear();
});

afterAll(() => {
  server.close();
});
