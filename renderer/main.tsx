import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { getDefaultZIndex, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { App } from './app/App';
import { useHashLocation } from './app/hash-location';
import { prefetchAppInfo } from './app/status-store';
import { followChanges, queryClient } from './data/client';
import { requestPersistentStorage } from './data/cache';
import { cssVariablesResolver, theme } from './ui/theme';

void requestPersistentStorage();
followChanges(queryClient);

prefetchAppInfo();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      {/*
        Top-right over the header's empty end, and BELOW dialogs (Mantine: app shell 100, modal 200):
        above them a toast covered a dialog's close button or its main button; under the overlay it
        waits, dimmed, and stays readable.
      */}
      {/* Two at most (the others wait their turn): a third reached down over a page's main button ("Adicionar plano"). */}
      <Notifications position="top-right" limit={2} zIndex={getDefaultZIndex('modal') - 50} />
      {/* Routes and their query live in the hash: the same URLs work under app:// and on the browser host. */}
      <QueryClientProvider client={queryClient}>
        <Router hook={useHashLocation}>
          <App />
        </Router>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
