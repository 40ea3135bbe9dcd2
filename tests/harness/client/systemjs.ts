/**
 * SystemJS as Grafana sets it up (public/app/features/plugins/loader/systemjs.ts, systemjsHooks.ts,
 * @grafana/runtime's utils/plugin.ts): the loader with its AMD and named-register extras, then the
 * AMD extra's global `define` moved to `window.__grafana_amd_define` so that no UMD module the
 * host bundles afterwards (lodash in @grafana/data, …) takes it for an AMD loader. A plugin's
 * module.js is fetched and run with that `define` as its own.
 * Imported first, before any shared package.
 */
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';

export interface SystemJSLoader {
  import(id: string): Promise<Record<string, unknown>>;
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
}

interface LoaderHooks {
  shouldFetch(url: string): boolean;
  fetch(url: string, options?: RequestInit): Promise<Response>;
}

const global = window as unknown as { System: SystemJSLoader; define?: unknown; __grafana_amd_define?: unknown };
global.__grafana_amd_define = global.define;
global.define = undefined;

export const SystemJS = global.System;

const JS_CONTENT_TYPE = /^(text|application)\/(x-)?javascript(;|$)/;
const AMD_MODULE = /(^|[^$\w.])define\s*\(/;

const hooks = Object.getPrototypeOf(SystemJS) as LoaderHooks;
const systemFetch = hooks.fetch;
hooks.shouldFetch = () => true;
hooks.fetch = async function (url, options) {
  const res = await systemFetch.call(this, url, options);
  if (!JS_CONTENT_TYPE.test(res.headers.get('content-type') ?? '')) {
    return res;
  }
  const source = await res.text();
  const wrapped = AMD_MODULE.test(source) ? `(function(define) {\n${source}\n})(window.__grafana_amd_define);` : source;
  return new Response(new Blob([wrapped], { type: 'text/javascript' }));
};
