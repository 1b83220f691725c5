import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/i18n/index.ts';
import './app/app.css';
import { App } from './app/App.tsx';
import { findRoute, HOME } from './app/routes.tsx';
import { matchPath } from './app/router.tsx';

// Fetch the first page's code while the session is checked, not after.
void findRoute(window.location.pathname === '/' ? HOME : window.location.pathname, matchPath)?.route.page.preload?.();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
