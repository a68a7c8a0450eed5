import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { App, STATUS_BAR_HEIGHT } from './app/App';
import { requestPersistentStorage } from './db/db';
import { cssVariablesResolver, theme } from './ui/theme';

void requestPersistentStorage();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      {/* Bottom-right, above the status bar: at the top they covered the close button of wide dialogs. */}
      <Notifications position="bottom-right" style={{ bottom: `calc(${STATUS_BAR_HEIGHT}px + var(--mantine-spacing-md))` }} />
      {/* Routes live in the hash: the same URLs work under app:// and on the browser host. */}
      <Router hook={useHashLocation}>
        <App />
      </Router>
    </MantineProvider>
  </StrictMode>,
);
