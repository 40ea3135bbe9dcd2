/**
 * The preview harness's server: plays the part of Grafana's HTTP API that the app and its data
 * source use, over a real (embedded) PostgreSQL loaded with the examples' demo data.
 * - `POST /api/ds/query`: the data-source tests' stand-in (dsQuery.ts) on the PostgreSQL data source;
 * - `GET/PUT /api/datasources/uid/:uid`, `GET /api/frontend/settings`: datasources.ts;
 * - the page (Grafana's boot data + the bundle), `@grafana/ui`'s icons and the Inter font.
 * With `distDir` (the plugin build, `npm run build`) a second listener, `productionUrl`, serves the
 * production host instead (client/production.tsx): the same API and data, the page loads the
 * build's module.js from `public/plugins/<app id>/` as Grafana does, and
 * `GET /api/plugins/<app id>/settings` answers the app's settings from the build's plugin.json.
 * Listens on loopback only.
 */
import { readFileSync, rmSync, mkdtempSync, existsSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { parse } from 'yaml';
import { demoExamples, startDemoDatabase } from '../../src/cli/demoDatabase';
import { anyFreePort } from '../../src/cli/freePort';
import { migrate } from '../../src/cli/migrate';
import { KPI_DATASOURCE_TYPE, kpiDatasourceName, POSTGRES_TYPE } from '../../src/generators/datasources';
import { uids } from '../../src/generators/uid';
import appPluginJson from '../../src/plugin.json';
import datasourcePluginJson from '../../src/datasource/plugin.json';
import { answerDsQuery } from './dsQuery';
import { DataSourceStore } from './datasources';
import { bootData, HarnessUser, HostKind, pageHtml } from './page';

export interface HarnessOptions {
  /** The repository root (examples/, node_modules/). */
  root: string;
  /** Where the client bundles were written (harness.js, harness.css; host.js, host.css). */
  bundleDir: string;
  /** The plugin build (dist/ of `npm run build`) the production host serves; none: no production host. */
  distDir?: string;
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  /** Examples to load, by directory name; service-portal first by default. */
  examples?: string[];
}

export interface Harness {
  url: string;
  /** The production host's URL (the same API and database), when started with `distDir`. */
  productionUrl?: string;
  /** The signed-in user; tests switch roles between pages. */
  user: HarnessUser;
  store: DataSourceStore;
  pool: Pool;
  /** The PostgreSQL database the examples are loaded in. */
  databaseUrl: string;
  stop(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Where Grafana serves a plugin's files (pkg/plugins/manager/loader/assetpath: public/plugins/<id>/). */
const APP_BASE = `public/plugins/${appPluginJson.id}`;
/** A nested plugin's files are under its parent's: the data source's module is `<app base>/datasource/module.js`. */
const DATASOURCE_BASE = `${APP_BASE}/datasource`;

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Starts PostgreSQL, loads the examples and serves the harness until `stop()`. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const all = demoExamples(path.join(options.root, 'examples'));
  const wanted = options.examples ?? [
    'service-portal',
    ...all.map((e) => e.name).filter((n) => n !== 'service-portal'),
  ];
  const examples = wanted.map((name) => {
    const e = all.find((x) => x.name === name);
    if (!e) {
      throw new Error(`no example ${name}`);
    }
    return e;
  });

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'openkpi-harness-pg-'));
  const db = await startDemoDatabase(dataDir, await anyFreePort());
  const pool = new Pool({ connectionString: db.url, max: 4 });
  // An idle connection dropped while PostgreSQL stops must not take the process down.
  pool.on('error', () => undefined);
  await migrate({ query: async (sql: string) => (await pool.query(sql)).rows });
  for (const e of examples) {
    await pool.query(readFileSync(e.data, 'utf8'));
  }

  const user: HarnessUser = { role: 'Admin' };
  const postgres = {
    uid: uids.postgres,
    name: 'OpenKPI PostgreSQL',
    type: POSTGRES_TYPE,
    access: 'proxy',
    url: new URL(db.url).host,
    user: 'postgres',
    database: new URL(db.url).pathname.slice(1),
    basicAuth: false,
    withCredentials: false,
    isDefault: false,
    readOnly: true,
    jsonData: { database: 'openkpi', sslmode: 'disable' },
  };
  // As if created in Grafana's UI (not provisioned), so the KPI editor may save into them.
  const kpiSources = examples.map((e) => {
    const text = readFileSync(e.catalog, 'utf8');
    const catalog = parse(text) as Parameters<typeof kpiDatasourceName>[0];
    return {
      uid: uids.kpiDatasource(catalog.name),
      name: kpiDatasourceName(catalog),
      type: KPI_DATASOURCE_TYPE,
      typeName: 'OpenKPI',
      access: 'proxy',
      url: '',
      user: '',
      database: '',
      basicAuth: false,
      withCredentials: false,
      isDefault: false,
      readOnly: false,
      jsonData: { postgresUid: uids.postgres, postgresType: POSTGRES_TYPE, catalog, catalogText: text },
    };
  });
  const store = new DataSourceStore(
    [postgres, ...kpiSources],
    {
      [KPI_DATASOURCE_TYPE]: {
        ...datasourcePluginJson,
        module: `${DATASOURCE_BASE}/module.js`,
        baseUrl: DATASOURCE_BASE,
      },
      [POSTGRES_TYPE]: { id: POSTGRES_TYPE, name: 'PostgreSQL', type: 'datasource', info: {}, backend: true },
    },
    () => user.role === 'Admin'
  );

  const iconsDir = path.join(options.root, 'node_modules/@grafana/ui/dist/public/img');
  const fontsDir = path.join(options.root, 'node_modules/@fontsource/inter/files');
  const FONT_FILES: Record<string, string> = {
    'Inter-Regular.woff2': 'inter-latin-400-normal.woff2',
    'Inter-Medium.woff2': 'inter-latin-500-normal.woff2',
  };

  const serveFile = (res: ServerResponse, file: string) => {
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(readFileSync(file));
  };

  /** `GET /api/plugins/<id>/settings` for the app, as Grafana's PluginSettingsDTO (what AppRootPage reads). */
  const appSettings = (distDir: string) => {
    const json = JSON.parse(readFileSync(path.join(distDir, 'plugin.json'), 'utf8')) as typeof appPluginJson;
    const asset = (p: string) => `${APP_BASE}/${p}`;
    return {
      ...json,
      info: {
        ...json.info,
        logos: { small: asset(json.info.logos.small), large: asset(json.info.logos.large) },
        screenshots: json.info.screenshots.map((s) => ({ ...s, path: asset(s.path) })),
      },
      enabled: true,
      pinned: true,
      autoEnabled: false,
      module: `${APP_BASE}/module.js`,
      baseUrl: APP_BASE,
      jsonData: {},
      secureJsonFields: {},
      signature: 'unsigned',
      hasUpdate: false,
      latestVersion: '',
    };
  };

  /** The plugin build's file at `/public/plugins/<app id>/<rel>`, never outside it. */
  const serveDist = (res: ServerResponse, distDir: string, rel: string) => {
    const file = path.resolve(distDir, rel);
    if (!file.startsWith(path.resolve(distDir) + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    serveFile(res, file);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, host: HostKind) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    const distDir = host === 'production' ? options.distDir : undefined;
    if (distDir && p === `/api/plugins/${appPluginJson.id}/settings`) {
      return json(res, 200, appSettings(distDir));
    }
    if (distDir && p.startsWith(`/${APP_BASE}/`)) {
      return serveDist(res, distDir, decodeURIComponent(p.slice(APP_BASE.length + 2)));
    }
    if (p === '/api/ds/query' && req.method === 'POST') {
      const answer = await answerDsQuery(pool, (await readBody(req)) as object, {
        accept: (uid) => uid === uids.postgres,
      });
      return json(res, answer.status, answer.body);
    }
    const dsMatch = /^\/api\/datasources\/uid\/([^/]+)$/.exec(p);
    if (dsMatch) {
      const uid = decodeURIComponent(dsMatch[1]);
      const answer =
        req.method === 'PUT'
          ? store.put(uid, (await readBody(req)) as object)
          : store.get(uid, url.searchParams.get('accesscontrol') === 'true');
      return json(res, answer.status, answer.body);
    }
    if (p === '/api/frontend/settings') {
      return json(res, 200, { datasources: store.frontendSettings() });
    }
    if (p.startsWith('/api/')) {
      return json(res, 404, { message: 'Not found' });
    }
    if (p.startsWith('/public/img/')) {
      return serveFile(res, path.join(iconsDir, path.normalize(p.slice('/public/img/'.length))));
    }
    if (p.startsWith('/public/fonts/inter/')) {
      const name = FONT_FILES[path.basename(p)];
      return name ? serveFile(res, path.join(fontsDir, name)) : res.writeHead(404).end();
    }
    if (p.startsWith('/public/build/')) {
      return serveFile(res, path.join(options.bundleDir, path.basename(p)));
    }
    // Every other path is a page of the single-page app, as in Grafana.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(pageHtml(bootData(store, user), host));
  };

  const listen = async (host: HostKind, port: number) => {
    const server: Server = createServer((req, res) => {
      handle(req, res, host).catch((e) => json(res, 500, { message: String(e) }));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return server;
  };
  const servers = [await listen('source', options.port ?? 0)];
  if (options.distDir) {
    servers.push(await listen('production', 0));
  }
  const [url, productionUrl] = servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);

  return {
    url,
    productionUrl,
    user,
    store,
    pool,
    databaseUrl: db.url,
    async stop() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await pool.end();
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
