import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './ui/notifications.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { App } from './app/App';
import { requestPersistentStorage } from './db/db';
import { cssVariablesResolver, theme } from './ui/theme';

void requestPersistentStorage();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="bottom-right" />
      {/* Routes live in the hash: the same URLs work under app:// and on the browser host. */}
      <Router hook={useHashLocation}>
        <App />
      </Router>
    </MantineProvider>
  </StrictMode>,
);
