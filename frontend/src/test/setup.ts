import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { initI18n } from '../lib/i18n';
import { resetSession } from '../lib/session';
import { server } from './server';

// findBy*/waitFor wait up to 5 s: a busy CI machine (two cores, Go tests running alongside) can take more than the
// default second to render a page, and a timeout there says nothing about the page.
configure({ asyncUtilTimeout: 5000 });

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
