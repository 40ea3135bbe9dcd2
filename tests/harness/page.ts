/**
 * The harness page: what Grafana's index.html gives a plugin — `window.grafanaBootData` (settings
 * with the data sources, the signed-in user with its permissions), the public path and the base
 * URL — then the bundle of the host: the source host renders the app bundled with it, the
 * production host loads the plugin build's module.js.
 */
import type { DataSourceStore } from './datasources';

/** Which host a page runs: the app from src/ bundled with the harness, or the plugin build (dist/). */
export type HostKind = 'source' | 'production';

/** The signed-in user: an organisation admin (may edit data sources) or a viewer. */
export interface HarnessUser {
  role: 'Admin' | 'Viewer';
}

export function bootData(store: DataSourceStore, user: HarnessUser): unknown {
  const admin = user.role === 'Admin';
  return {
    settings: {
      appSubUrl: '',
      appUrl: '/',
      datasources: store.frontendSettings(),
      defaultDatasource: '',
      panels: {},
      apps: {},
      featureToggles: {},
      buildInfo: { version: '12.0.2', edition: 'Open Source', env: 'development' },
      bootData: {},
    },
    user: {
      isSignedIn: true,
      id: 1,
      uid: 'harness-user',
      login: admin ? 'admin' : 'viewer',
      name: admin ? 'Admin' : 'Viewer',
      email: '',
      theme: 'dark',
      orgId: 1,
      orgName: 'Main Org.',
      orgRole: user.role,
      isGrafanaAdmin: admin,
      timezone: 'browser',
      weekStart: 'browser',
      locale: 'en-US',
      language: 'en-US',
      permissions: admin
        ? { 'datasources:read': true, 'datasources:write': true, 'datasources:create': true }
        : { 'datasources:explore': true },
    },
    navTree: [],
    assets: {},
  };
}

/** `<` escaped so a catalog string cannot close the script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function pageHtml(boot: unknown, host: HostKind = 'source'): string {
  const bundle = host === 'production' ? 'host' : 'harness';
  // Grafana's index.html has <base href="<app sub-URL>/">: a plugin's relative public path
  // (public/plugins/<id>/) resolves against it.
  const base = host === 'production' ? '\n<base href="/">' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">${base}
<title>OpenKPI – Grafana (preview harness${host === 'production' ? ', plugin build' : ''})</title>
<link rel="stylesheet" href="/public/build/${bundle}.css">
<script>window.grafanaBootData = ${scriptJson(boot)}; window.__grafana_public_path__ = '/public/';</script>
</head>
<body class="theme-dark">
<div id="reactRoot"></div>
<script src="/public/build/${bundle}.js"></script>
</body>
</html>
`;
}
