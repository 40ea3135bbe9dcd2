/**
 * The production host: the plugin as `npm run build` ships it (dist/module.js and
 * dist/datasource/module.js, AMD modules whose Grafana dependencies are externals), loaded the way
 * Grafana 12 loads a plugin (public/app/features/plugins: loader/systemjs.ts, sharedDependencies.ts,
 * plugin_loader.ts, AppRootPage):
 * - SystemJS with its AMD and named-register extras (systemjs.ts); module.js is fetched and run
 *   with the AMD `define` Grafana keeps aside for plugins;
 * - the shared dependencies registered as `package:<name>` modules with an import map from the
 *   bare names, this bundle's own copies of the real packages;
 * - the app's settings from `GET /api/plugins/<id>/settings`, its module from their `module` path,
 *   `plugin.init(meta)`, then `plugin.root` mounted under `/a/<id>/*`: every page of the app is
 *   reachable, by its URL (the server answers each page path with this host) or by a link within
 *   the app (a locationService push), and the app's own routes pick it (src/components/App/App.tsx);
 * - a data source's module from its instance settings' `meta.module`.
 */
// SystemJS first: its AMD `define` must be out of the way before the shared packages load.
import { SystemJS } from './systemjs';
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as lodash from 'lodash';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as jsxDevRuntime from 'react/jsx-dev-runtime';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import { AppPlugin, AppRootProps, DataSourceApi, DataSourcePlugin, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { installGrafanaServices, mountApp } from './mount';
import { HarnessPluginPage } from './PluginPage';

/**
 * What Grafana shares with plugins, as far as the plugin build's externals name packages this
 * repository installs. Grafana's core puts its Page behind runtime's PluginPage; the harness's
 * stands in for it. Grafana gives `react-router` as react-router-dom-v5-compat, i.e. React Router 6.
 */
const shared: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': { ...grafanaRuntime, PluginPage: HarnessPluginPage },
  '@grafana/ui': grafanaUi,
  lodash: { ...lodash, __useDefault: true },
  react,
  'react/jsx-runtime': jsxRuntime,
  'react/jsx-dev-runtime': jsxDevRuntime,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  'react-router': reactRouter,
  rxjs,
  'rxjs/operators': rxjsOperators,
};

const imports: Record<string, string> = {};
for (const [name, module] of Object.entries(shared)) {
  SystemJS.set(`package:${name}`, module);
  imports[name] = `package:${name}`;
}
SystemJS.addImportMap({ imports });

/** Grafana's resolveModulePath: a plugin's `module` is relative to the app's sub-URL. */
const moduleUrl = (path: string) => (/^(\/|[a-z]+:)/.test(path) ? path : `/${path}`);

installGrafanaServices(async (meta) => {
  const exports = await SystemJS.import(moduleUrl(meta.module));
  const plugin = exports.plugin as DataSourcePlugin<DataSourceApi>;
  plugin.meta = meta;
  return plugin;
});

async function start() {
  const appId = /^\/a\/([^/]+)/.exec(window.location.pathname)?.[1] ?? 'openkpi-scorecard-app';
  const meta = await getBackendSrv().get<PluginMeta>(`/api/plugins/${appId}/settings`);
  const exports = await SystemJS.import(moduleUrl(meta.module));
  const plugin = (exports.plugin as AppPlugin | undefined) ?? new AppPlugin();
  plugin.init(meta);
  plugin.meta = meta;
  if (!plugin.root) {
    throw new Error(`${meta.module} has no root page`);
  }
  mountApp(plugin.root as react.ComponentType<AppRootProps>, meta);
}

start().catch((e: unknown) => {
  const root = document.getElementById('reactRoot')!;
  root.setAttribute('data-host-error', '');
  root.textContent = `Failed to load the app plugin: ${e instanceof Error ? e.message : String(e)}`;
});
