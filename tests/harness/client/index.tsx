/**
 * The harness's browser side: Grafana's services for a plugin (backendSrv, dataSourceSrv,
 * templateSrv, locationService, boot config, theme and global styles), then the app's root page
 * mounted at `/a/<app id>/*` as Grafana mounts it.
 */
import React, { useLayoutEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Navigate, Route, Router, Routes } from 'react-router-dom';
import { AppRootProps, PluginType, ThemeContext } from '@grafana/data';
import {
  config,
  locationService,
  setBackendSrv,
  setCurrentUser,
  setDataSourceSrv,
  setTemplateSrv,
} from '@grafana/runtime';
import { GlobalStyles } from '@grafana/ui';
import { plugin } from '../../../src/module';
import pluginJson from '../../../src/plugin.json';
import { harnessBackendSrv } from './backendSrv';
import { HarnessDataSourceSrv } from './dataSourceSrv';
import { harnessTemplateSrv } from './templateSrv';
import { HarnessPluginPage } from './PluginPage';

// Grafana's core puts its Page behind PluginPage (the published runtime drops the setter): the
// harness writes its own onto the CommonJS exports that every `import { PluginPage }` reads.
require('@grafana/runtime').PluginPage = HarnessPluginPage;

setBackendSrv(harnessBackendSrv());
setCurrentUser(config.bootData.user);
setDataSourceSrv(new HarnessDataSourceSrv());
setTemplateSrv(harnessTemplateSrv());

/** React Router over Grafana's locationService history, as Grafana renders app pages. */
function LocationRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((l: typeof history.location) => setLocation(l)), [history]);
  const navigator = useMemo(
    () => ({
      push: (to: Parameters<typeof history.push>[0], state?: unknown) => history.push(to, state),
      replace: (to: Parameters<typeof history.replace>[0], state?: unknown) => history.replace(to, state),
      go: (n: number) => history.go(n),
      createHref: (to: Parameters<typeof history.createHref>[0]) =>
        history.createHref(typeof to === 'string' ? { pathname: to } : to),
    }),
    [history]
  );
  return (
    <Router location={location} navigator={navigator as never} future={{ v7_relativeSplatPath: true }}>
      {children}
    </Router>
  );
}

/** Grafana turns clicks on same-origin links into locationService pushes (no page reload). */
function interceptLinkClicks(e: MouseEvent) {
  const anchor = (e.target as HTMLElement | null)?.closest?.('a');
  if (!anchor || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || anchor.target === '_blank') {
    return;
  }
  const href = anchor.getAttribute('href');
  if (!href || anchor.hasAttribute('download') || !href.startsWith('/') || href.startsWith('//')) {
    return;
  }
  e.preventDefault();
  locationService.push(href);
}
document.addEventListener('click', interceptLinkClicks);

const props = {
  basename: `/a/${pluginJson.id}`,
  meta: { id: pluginJson.id, name: pluginJson.name, type: PluginType.app, enabled: true, jsonData: {}, info: {} },
  query: {},
  path: `/a/${pluginJson.id}`,
  onNavChanged: () => undefined,
} as unknown as AppRootProps;

const Root = plugin.root as React.ComponentType<AppRootProps>;

createRoot(document.getElementById('reactRoot')!).render(
  <ThemeContext.Provider value={config.theme2}>
    <GlobalStyles />
    <LocationRouter>
      <Routes>
        <Route path={`/a/${pluginJson.id}/*`} element={<Root {...props} />} />
        <Route path="*" element={<Navigate to={`/a/${pluginJson.id}`} replace />} />
      </Routes>
    </LocationRouter>
  </ThemeContext.Provider>
);
