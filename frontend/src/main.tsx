import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers } from './app/Providers';
import { createQueryClient } from './app/queryClient';
import { createAppRouter } from './app/router';
import { initI18n } from './lib/i18n';

async function start(): Promise<void> {
  await initI18n();
  const queryClient = createQueryClient();
  const router = createAppRouter({ queryClient });
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  createRoot(container).render(
    <StrictMode>
      <Providers queryClient={queryClient}>
        <RouterProvider router={router} />
      </Providers>
    </StrictMode>,
  );
}

void start();
