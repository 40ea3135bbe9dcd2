/**
 * What both harness hosts share: Grafana's services for a plugin (backendSrv, dataSourceSrv,
 * templateSrv, the signed-in user) and the app's root page mounted at `/a/<app id>/*` as Grafana's
 * AppRootPage mounts it (theme, global styles, React Router over locationService's history, the
 * props `plugin.root` gets), with same-origin link clicks turned into locationService pushes.
 */
import React, { useLayoutEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Navigate, Route, Router, Routes, useLocation } from 'react-router-dom';
import { AppRootProps, PluginMeta, ThemeContext } from '@grafana/data';
import {
  config,
  locationService,
  setBackendSrv,
  setCurrentUser,
  setDataSourceSrv,
  setTemplateSrv,
} from '@grafana/runtime';
import { GlobalStyles } from '@grafana/ui';
import { harnessBackendSrv } from './backendSrv';
import { DataSourcePluginLoader, HarnessDataSourceSrv } from './dataSourceSrv';
import { harnessTemplateSrv } from './templateSrv';

export function installGrafanaServices(loadDataSourcePlugin: DataSourcePluginLoader): void {
  setBackendSrv(harnessBackendSrv());
  setCurrentUser(config.bootData.user);
  setDataSourceSrv(new HarnessDataSourceSrv(loadDataSourcePlugin));
  setTemplateSrv(harnessTemplateSrv());
  document.addEventListener('click', interceptLinkClicks);
}

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

/** The props Grafana's AppRootPage gives `plugin.root` (its location and query, the plugin's settings). */
function AppRoot({ Root, meta }: { Root: React.ComponentType<AppRootProps>; meta: PluginMeta }) {
  const location = useLocation();
  const props = {
    basename: `/a/${meta.id}`,
    meta,
    query: Object.fromEntries(new URLSearchParams(location.search)),
    path: location.pathname,
    onNavChanged: () => undefined,
  } as unknown as AppRootProps;
  return <Root {...props} />;
}

export function mountApp(Root: React.ComponentType<AppRootProps>, meta: PluginMeta): void {
  createRoot(document.getElementById('reactRoot')!).render(
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <LocationRouter>
        <Routes>
          <Route path={`/a/${meta.id}/*`} element={<AppRoot Root={Root} meta={meta} />} />
          <Route path="*" element={<Navigate to={`/a/${meta.id}`} replace />} />
        </Routes>
      </LocationRouter>
    </ThemeContext.Provider>
  );
}
