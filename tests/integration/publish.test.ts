/** @jest-environment node */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { CommanderError } from 'commander';

import { registerPublish } from '../../src/cli/commands/publish';
import { CliError, EXIT } from '../../src/cli/errors';
import { buildProgram } from '../../src/cli/program';
import { parseCatalog } from '../../src/core/catalog/parse';
import { uids } from '../../src/generators/uid';
import { GrafanaApi } from '../../src/publish/grafanaApi';
import { applyPlan, planPublish } from '../../src/publish/plan';
import { GrafanaStandIn } from '../support/grafanaStandIn';

const CATALOG = `apiVersion: openkpi/v1
name: ops
title: Ops
sources:
  runs: { table: t.runs, time: at, freshness: 1h }
kpis:
  - { id: uptime, name: Uptime, area: Reliability, owner: sre, source: runs, window: 30d, measure: { aggregate: count }, target: 99, thresholds: { warning: 99, critical: 95 } }
  - { id: deploys, name: Deploys, area: Delivery, source: runs, window: 7d, measure: { aggregate: count }, target: 10 }
`;

/** The same catalog without its Delivery area (the KPI left the catalog). */
const WITHOUT_DELIVERY = CATALOG.split('\n')
  .filter((l) => !l.includes('id: deploys'))
  .join('\n');

const KPI_DS = {
  uid: 'kpi-ops',
  name: 'OpenKPI Ops',
  type: 'openkpi-kpi-datasource',
  jsonData: { postgresUid: 'pg-main', catalog: { apiVersion: 'openkpi/v1', name: 'ops' } },
};
const PG_DS = {
  uid: 'pg-main',
  name: 'Warehouse',
  type: 'grafana-postgresql-datasource',
  jsonData: { database: 'dw' },
};

interface Run {
  stdout: string;
  error?: CliError;
}

let dir: string;
let catalogFile: string;

function writeCatalog(text: string): string {
  fs.writeFileSync(catalogFile, text);
  return catalogFile;
}

async function publish(url: string, ...args: string[]): Promise<Run> {
  const program = buildProgram('test', [registerPublish]);
  let stdout = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'openkpi', 'publish', catalogFile, '--grafana', url, ...args]);
    return { stdout };
  } catch (err) {
    if (err instanceof CliError) {
      return { stdout, error: err };
    }
    if (err instanceof CommanderError) {
      // Commander prints its own one line (program.ts) and exits 1.
      return { stdout, error: new CliError(err.message.replace(/^error: /, 'openkpi: '), EXIT.usage) };
    }
    throw err;
  } finally {
    spy.mockRestore();
  }
}

/** One line, and the one the test expects. */
function expectOneLine(run: Run, pattern: RegExp): void {
  expect(run.error).toBeDefined();
  expect(run.error!.lines).toHaveLength(1);
  expect(run.error!.lines[0]).not.toContain('\n');
  expect(run.error!.lines[0]).toMatch(pattern);
}

describe('openkpi publish against the Grafana stand-in', () => {
  let grafana: GrafanaStandIn;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-publish-'));
    catalogFile = path.join(dir, 'ops.yaml');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeEach(async () => {
    writeCatalog(CATALOG);
    grafana = new GrafanaStandIn({ datasources: [KPI_DS, PG_DS], tokens: { admin: 'Admin', editor: 'Editor' } });
    server = await grafana.listen();
  });
  afterEach(() => server.close());

  const calls = () => grafana.calls.map((c) => `${c.method} ${c.path}`);

  test('a first publish makes exactly these calls, and never touches the policy tree', async () => {
    const run = await publish(server.url, '--token', 'admin');
    expect(run.error).toBeUndefined();
    const root = uids.folder('ops');
    const reliability = uids.areaFolder('ops', 'Reliability');
    const delivery = uids.areaFolder('ops', 'Delivery');
    const group = `/api/v1/provisioning/folder/${root}/rule-groups/OpenKPI`;
    expect(calls()).toEqual([
      'GET /api/health',
      'GET /api/datasources',
      `GET /api/folders/${root}`,
      `GET /api/folders/${reliability}`,
      `GET /api/folders/${delivery}`,
      `GET /api/dashboards/uid/${uids.overview('ops')}`,
      `GET /api/dashboards/uid/${uids.area('ops', 'Reliability')}`,
      `GET /api/dashboards/uid/${uids.area('ops', 'Delivery')}`,
      `GET /api/dashboards/uid/${uids.detail('ops')}`,
      'GET /api/search?type=dash-db&tag=openkpi%3Aops&limit=5000',
      // Answers 404 (the folder is new), but checks the provisioning API is allowed before any write.
      `GET ${group}`,
      'POST /api/folders',
      'POST /api/folders',
      'POST /api/folders',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      'POST /api/dashboards/db',
      `PUT ${group}`,
    ]);
    const writes = grafana.writes();
    expect(writes.slice(0, 3).map((w) => w.body)).toEqual([
      { uid: root, title: 'OpenKPI: Ops' },
      { uid: reliability, title: 'Reliability', parentUid: root },
      { uid: delivery, title: 'Delivery', parentUid: root },
    ]);
    // Area dashboards go to their area folder; every KPI query runs on this Grafana's KPI data source.
    const saved = writes
      .slice(3, 7)
      .map((w) => w.body as { dashboard: Record<string, unknown>; folderUid: string; overwrite: boolean });
    expect(saved.map((s) => s.folderUid)).toEqual([root, reliability, delivery, root]);
    expect(saved.every((s) => s.overwrite === false)).toBe(true);
    const text = JSON.stringify(saved);
    expect(text).toContain('"uid":"kpi-ops"');
    expect(text).not.toContain(uids.kpiDatasource('ops'));
    // Rules: the provisioning API, on this Grafana's PostgreSQL data source, provenance kept (read-only in the UI).
    const put = writes[7];
    expect(put.headers['x-disable-provenance']).toBeUndefined();
    const body = put.body as {
      title: string;
      folderUid: string;
      interval: number;
      rules: Array<Record<string, unknown>>;
    };
    expect([body.title, body.folderUid, body.interval]).toEqual(['OpenKPI', root, 300]);
    expect(body.rules.map((r) => (r.labels as Record<string, string>).severity)).toEqual([
      'critical',
      'warning',
      'info',
      'stale',
    ]);
    for (const r of body.rules) {
      expect((r.labels as Record<string, string>).catalog).toBe('ops');
      const sql = (r.data as Array<{ datasourceUid: string }>).filter((q) => q.datasourceUid !== '__expr__');
      expect(sql.map((q) => q.datasourceUid)).toEqual(sql.map(() => 'pg-main'));
      expect(String((r.annotations as Record<string, string>).dashboard_url)).toMatch(new RegExp(`^${server.url}/d/`));
    }
    expect(calls().filter((c) => c.includes('/policies'))).toEqual([]);
    expect(grafana.ruleGroups.get(`${root}/OpenKPI`)!.rules[0].provenance).toBe('api');
  });

  test('a second publish of the unchanged catalog writes nothing', async () => {
    await publish(server.url, '--token', 'admin');
    const before = grafana.writes().length;
    const run = await publish(server.url, '--token', 'admin');
    expect(run.error).toBeUndefined();
    expect(grafana.writes()).toHaveLength(before);
    expect(run.stdout).toContain('plan: 0 create, 0 update, 0 delete, 8 unchanged');
    expect(run.stdout).toContain('nothing to write: Grafana matches the catalogs');
  });

  test('--dry-run prints the plan with a short diff and writes nothing', async () => {
    const first = await publish(server.url, '--token', 'admin', '--dry-run');
    expect(grafana.writes()).toEqual([]);
    expect(first.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'create    folder        OpenKPI: Ops',
        'create    folder        Reliability',
        '          inside OpenKPI: Ops',
        'create    dashboard     Ops: overview',
        'create    alert rules   OpenKPI: Ops / OpenKPI',
        '          + OpenKPI: Ops: critical',
        'plan: 8 create, 0 update, 0 delete, 0 unchanged',
      ])
    );
    await publish(server.url, '--token', 'admin');
    writeCatalog(CATALOG.replace('critical: 95', 'critical: 90'));
    const writes = grafana.writes().length;
    const changed = await publish(server.url, '--token', 'admin', '--dry-run');
    expect(grafana.writes()).toHaveLength(writes);
    expect(changed.stdout).toContain('update    alert rules   OpenKPI: Ops / OpenKPI');
    expect(changed.stdout).toContain('          ~ OpenKPI: Ops: critical: data');
    expect(changed.stdout).toMatch(/plan: 0 create, [1-9]\d* update, 0 delete/);
  });

  test('--prune deletes the dashboards of an area that left the catalog; without it they are listed', async () => {
    await publish(server.url, '--token', 'admin');
    writeCatalog(WITHOUT_DELIVERY);
    const kept = await publish(server.url, '--token', 'admin');
    expect(kept.error).toBeUndefined();
    expect(kept.stdout).toContain('orphan    dashboard     Ops: Delivery');
    expect(grafana.dashboards.has(uids.area('ops', 'Delivery'))).toBe(true);
    const pruned = await publish(server.url, '--token', 'admin', '--prune');
    expect(pruned.error).toBeUndefined();
    expect(pruned.stdout).toContain('delete    dashboard     Ops: Delivery');
    expect(grafana.writes().at(-1)).toEqual(
      expect.objectContaining({
        method: 'DELETE',
        path: `/api/dashboards/uid/${uids.area('ops', 'Delivery')}`,
        status: 200,
      })
    );
    expect(grafana.dashboards.has(uids.area('ops', 'Delivery'))).toBe(false);
    // The rule group no longer watches the KPI: the PUT replaced it.
    const rules = grafana.ruleGroups.get(`${uids.folder('ops')}/OpenKPI`)!.rules;
    expect(JSON.stringify(rules)).not.toContain("'deploys'");
  });

  test('a dashboard edited in Grafana since the last publish is a conflict; --force overwrites it', async () => {
    await publish(server.url, '--token', 'admin');
    // Someone edits the overview in the UI and saves it (the UI sends the version it loaded).
    const overview = grafana.dashboards.get(uids.overview('ops'))!;
    grafana.handle({
      method: 'POST',
      path: '/api/dashboards/db',
      body: {
        dashboard: { ...overview.dashboard, description: 'my notes' },
        folderUid: overview.folderUid,
        overwrite: false,
      },
      headers: { Authorization: 'Bearer admin' },
    });
    writeCatalog(CATALOG.replace('name: Uptime', 'name: Availability'));
    const writes = grafana.writes().length;
    const blocked = await publish(server.url, '--token', 'admin');
    expectOneLine(
      blocked,
      /^openkpi: 1 conflict, nothing written: dashboard "Ops: overview" \(edited in Grafana since the last publish\); --force overwrites$/
    );
    expect(blocked.error!.exitCode).toBe(EXIT.grafana);
    expect(grafana.writes()).toHaveLength(writes);
    const forced = await publish(server.url, '--token', 'admin', '--force');
    expect(forced.error).toBeUndefined();
    expect(grafana.dashboards.get(uids.overview('ops'))!.dashboard.description).not.toBe('my notes');
  });

  test('--check exits non-zero when Grafana differs from the catalog', async () => {
    const before = await publish(server.url, '--token', 'admin', '--check');
    expect(before.error?.exitCode).toBe(EXIT.drift);
    expect(before.error!.lines).toEqual(['openkpi: Grafana differs from the catalogs (see the plan above)']);
    await publish(server.url, '--token', 'admin');
    const after = await publish(server.url, '--token', 'admin', '--check');
    expect(after.error).toBeUndefined();
    expect(
      grafana
        .writes()
        .filter(
          (w) =>
            w.path !== '/api/dashboards/db' && !w.path.startsWith('/api/folders') && !w.path.includes('rule-groups')
        )
    ).toEqual([]);
  });

  test('routes severities to contact points, creating one only when asked and never with an empty address', async () => {
    const missing = await publish(server.url, '--token', 'admin', '--contact-point', 'critical=Ops pager');
    expectOneLine(
      missing,
      /^openkpi: contact point "Ops pager" does not exist in this Grafana: create it \(Alerting > Contact points\), or pass --create-contact-point "Ops pager=email:ADDRESS"$/
    );
    expect(grafana.writes()).toEqual([]);
    const empty = await publish(server.url, '--token', 'admin', '--create-contact-point', 'Ops pager=email: ');
    expectOneLine(empty, /empty address/);
    const run = await publish(
      server.url,
      '--token',
      'admin',
      '--contact-point',
      'critical=Ops pager',
      '--create-contact-point',
      'Ops pager=email:ops@example.com'
    );
    expect(run.error).toBeUndefined();
    expect(grafana.writes()[0]).toEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/api/v1/provisioning/contact-points',
        status: 202,
        body: expect.objectContaining({ name: 'Ops pager', type: 'email', settings: { addresses: 'ops@example.com' } }),
      })
    );
    const rules = grafana.ruleGroups.get(`${uids.folder('ops')}/OpenKPI`)!.rules;
    expect(
      rules.find((r) => (r.labels as Record<string, string>).severity === 'critical')!.notification_settings
    ).toEqual(expect.objectContaining({ receiver: 'Ops pager', group_by: ['...'] }));
    expect(
      rules.find((r) => (r.labels as Record<string, string>).severity === 'warning')!.notification_settings
    ).toBeUndefined();
    const writes = grafana.writes().length;
    await publish(
      server.url,
      '--token',
      'admin',
      '--contact-point',
      'critical=Ops pager',
      '--create-contact-point',
      'Ops pager=email:ops@example.com'
    );
    expect(grafana.writes()).toHaveLength(writes);
  });

  describe('every error a user meets is one line', () => {
    test('wrong URL: nothing listens there', async () => {
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const { port } = closed.address() as AddressInfo;
      await new Promise((r) => closed.close(r));
      expectOneLine(
        await publish(`http://127.0.0.1:${port}`, '--token', 'admin'),
        /^openkpi: cannot reach Grafana at http:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\): check --grafana \/ GRAFANA_URL$/
      );
    });

    test('wrong URL: something else answers', async () => {
      const other = http.createServer((_req, res) => {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('<html>Not Found</html>');
      });
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      const { port } = other.address() as AddressInfo;
      try {
        expectOneLine(
          await publish(`http://127.0.0.1:${port}/grafana`, '--token', 'admin'),
          /does not answer like Grafana \(GET \/api\/health: 404\)/
        );
      } finally {
        await new Promise((r) => other.close(r));
      }
    });

    test('401: a wrong token', async () => {
      expectOneLine(
        await publish(server.url, '--token', 'nope'),
        /^openkpi: Grafana refused the credentials \(401 on GET \/api\/datasources\): check --token \/ GRAFANA_TOKEN/
      );
    });

    test("403: the token's role may not write alert rules", async () => {
      const run = await publish(server.url, '--token', 'editor');
      expectOneLine(
        run,
        /^openkpi: not allowed to read alert rules \(needs alert\.provisioning:read\) \(403 on GET \/api\/v1\/provisioning\/folder\/[^ ]+\/rule-groups\/OpenKPI: You'll need additional permissions/
      );
    });

    test('404: the folder went away between plan and apply', async () => {
      await publish(server.url, '--token', 'admin');
      writeCatalog(CATALOG.replace('critical: 95', 'critical: 90'));
      const { catalog } = parseCatalog(fs.readFileSync(catalogFile, 'utf8'), catalogFile);
      const api = new GrafanaApi(grafana.client('admin'));
      const plan = await planPublish(api, [catalog!]);
      grafana.folders.delete(uids.folder('ops'));
      // The dashboards go first: Grafana's dashboard save says 400 "folder not found".
      await expect(applyPlan(plan)).rejects.toThrow(
        /^folder okpi-folder-[0-9a-f]+ not found \(400 on POST \/api\/dashboards\/db\): it was deleted while publishing/
      );
      // The rule group's PUT on its own says 404.
      const group = plan.items.find((i) => i.kind === 'alert rules')!;
      await expect(group.apply!()).rejects.toThrow(
        /^folder okpi-folder-[0-9a-f]+ not found \(404 on PUT \/api\/v1\/provisioning\/folder\/okpi-folder-[0-9a-f]+\/rule-groups\/OpenKPI\)/
      );
    });

    test('412: a dashboard saved by someone else between plan and apply', async () => {
      await publish(server.url, '--token', 'admin');
      writeCatalog(CATALOG.replace('name: Uptime', 'name: Availability'));
      const { catalog } = parseCatalog(fs.readFileSync(catalogFile, 'utf8'), catalogFile);
      const plan = await planPublish(new GrafanaApi(grafana.client('admin')), [catalog!]);
      grafana.dashboards.get(uids.overview('ops'))!.version += 1;
      await expect(applyPlan(plan)).rejects.toThrow(
        /^version conflict \(412 on POST \/api\/dashboards\/db: The dashboard has been changed by someone else\): someone changed it in Grafana while publishing; run openkpi publish again/
      );
    });

    test('409: a folder created by someone else between plan and apply', async () => {
      const { catalog } = parseCatalog(fs.readFileSync(catalogFile, 'utf8'), catalogFile);
      const plan = await planPublish(new GrafanaApi(grafana.client('admin')), [catalog!]);
      grafana.handle({
        method: 'POST',
        path: '/api/folders',
        body: { uid: uids.folder('ops'), title: 'Mine' },
        headers: { Authorization: 'Bearer admin' },
      });
      await expect(applyPlan(plan)).rejects.toThrow(
        /^version conflict \(409 on POST \/api\/folders: a folder with the same uid already exists\): someone changed it in Grafana while publishing; run openkpi publish again/
      );
    });

    test('a Grafana older than OpenKPI needs', async () => {
      grafana.version = '11.6.3';
      expectOneLine(
        await publish(server.url, '--token', 'admin'),
        /^openkpi: Grafana 11\.6\.3 is too old: OpenKPI needs Grafana 12\.0\.0 or newer/
      );
    });

    test('the KPI data source is missing, and how to create it', async () => {
      grafana.datasources = [PG_DS];
      expectOneLine(
        await publish(server.url, '--token', 'admin'),
        /^openkpi: no OpenKPI data source holds catalog ops in this Grafana: add one \(Connections > Data sources > Add > "OpenKPI KPI"\)/
      );
    });

    test('its PostgreSQL data source is missing, and how to create it', async () => {
      grafana.datasources = [KPI_DS];
      expectOneLine(
        await publish(server.url, '--token', 'admin'),
        /^openkpi: the OpenKPI data source "OpenKPI Ops" runs on PostgreSQL data source "pg-main", which does not exist in this Grafana: add a PostgreSQL data source/
      );
    });

    test('no URL at all', async () => {
      const saved = process.env.GRAFANA_URL;
      delete process.env.GRAFANA_URL;
      try {
        const program = buildProgram('test', [registerPublish]);
        await expect(program.parseAsync(['node', 'openkpi', 'publish', catalogFile])).rejects.toThrow(
          'openkpi: publish needs --grafana URL (or GRAFANA_URL)'
        );
      } finally {
        if (saved !== undefined) {
          process.env.GRAFANA_URL = saved;
        }
      }
    });
  });

  test('GRAFANA_URL and GRAFANA_TOKEN work like the flags', async () => {
    const saved = { ...process.env };
    try {
      process.env.GRAFANA_URL = server.url;
      process.env.GRAFANA_TOKEN = 'admin';
      const program = buildProgram('test', [registerPublish]);
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        await program.parseAsync(['node', 'openkpi', 'publish', catalogFile, '--dry-run']);
      } finally {
        spy.mockRestore();
      }
      expect(grafana.calls.every((c) => c.path === '/api/health' || c.headers.authorization === 'Bearer admin')).toBe(
        true
      );
    } finally {
      process.env = saved;
    }
  });

  test('publishes a full example catalog and then writes nothing', async () => {
    const file = path.join(__dirname, '..', '..', 'examples', 'service-portal', 'catalog.yaml');
    writeCatalog(fs.readFileSync(file, 'utf8'));
    grafana.datasources = [
      { ...KPI_DS, jsonData: { postgresUid: 'pg-main', catalogText: fs.readFileSync(file, 'utf8') } },
      PG_DS,
    ];
    const first = await publish(server.url, '--token', 'admin');
    expect(first.error).toBeUndefined();
    // The overview, one dashboard per area and the KPI detail.
    const areas = new Set(parseCatalog(fs.readFileSync(file, 'utf8'), 'catalog.yaml').catalog!.kpis.map((k) => k.area));
    expect(grafana.dashboards.size).toBe(areas.size + 2);
    const writes = grafana.writes().length;
    const second = await publish(server.url, '--token', 'admin');
    expect(second.error).toBeUndefined();
    expect(grafana.writes()).toHaveLength(writes);
  });
});
