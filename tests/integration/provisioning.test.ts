/** @jest-environment node */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

import { registerBuild } from '../../src/cli/commands/build';
import { buildProgram } from '../../src/cli/program';
import { parseDuration } from '../../src/core/catalog/duration';
import { validateCatalogObject } from '../../src/core/catalog/parse';

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');
const CATALOGS = fs
  .readdirSync(EXAMPLES_DIR)
  .map((d) => path.join(EXAMPLES_DIR, d, 'catalog.yaml'))
  .filter((f) => fs.existsSync(f))
  .sort();

type Doc = any;

async function build(out: string, extra: string[] = []): Promise<void> {
  const program = buildProgram('test', [registerBuild]);
  await program.parseAsync(['node', 'openkpi', 'build', ...CATALOGS, '--out', out, ...extra]);
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Grafana reads `$$` as `$` in interpolated provisioning values. */
function unescape(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\$/g, '$');
  }
  if (Array.isArray(value)) {
    return value.map(unescape);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [unescape(k) as string, unescape(v)]));
  }
  return value;
}

const UID = /^[a-zA-Z0-9_-]{1,40}$/;

describe('openkpi build', () => {
  let out: string;
  let files: string[];
  const yamlOf = (p: string): Doc => parse(fs.readFileSync(path.join(out, p), 'utf8'));
  const jsonOf = (p: string): Doc => JSON.parse(fs.readFileSync(path.join(out, p), 'utf8'));

  beforeAll(async () => {
    expect(CATALOGS.length).toBeGreaterThan(0);
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-build-'));
    await build(out);
    files = filesUnder(out);
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  const datasources = (): Doc[] => yamlOf('provisioning/datasources/openkpi.yaml').datasources;
  const dashboards = (): Array<{ file: string; d: Doc }> =>
    files.filter((f) => f.startsWith('dashboards/')).map((file) => ({ file, d: jsonOf(file) }));
  const ruleFiles = (): string[] => files.filter((f) => /^provisioning\/alerting\/rules-.*\.yaml$/.test(f));

  test('writes the tree Grafana reads: data sources, plugins, dashboards, alerting', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'provisioning/datasources/openkpi.yaml',
        'provisioning/plugins/openkpi.yaml',
        'provisioning/dashboards/openkpi.yaml',
      ])
    );
    // Safe by default: no contact points, and never the org's notification-policy tree.
    expect(files.filter((f) => /contact-points|policies/.test(f))).toEqual([]);
    expect(ruleFiles()).toHaveLength(CATALOGS.length);
    for (const f of files.filter((f) => f.startsWith('provisioning/'))) {
      expect({ f, apiVersion: yamlOf(f).apiVersion }).toEqual({ f, apiVersion: 1 });
    }
  });

  test('is stable: a second build writes the same bytes', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-build-'));
    try {
      await build(again);
      expect(filesUnder(again)).toEqual(files);
      for (const f of files) {
        expect(fs.readFileSync(path.join(again, f), 'utf8')).toBe(fs.readFileSync(path.join(out, f), 'utf8'));
      }
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  test('data sources: required fields, unique uids, env references, the catalog in jsonData', () => {
    const ds = datasources();
    const uids = ds.map((d: Doc) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    ds.forEach((d: Doc) => {
      expect(d.name).toBeTruthy();
      expect(d.uid).toMatch(UID);
      expect(['grafana-postgresql-datasource', 'openkpi-kpi-datasource']).toContain(d.type);
    });
    const pg = ds.filter((d: Doc) => d.type === 'grafana-postgresql-datasource');
    expect(pg).toHaveLength(1);
    expect(pg[0].secureJsonData.password).toBe('$__env{OPENKPI_PG_PASSWORD}');
    expect(pg[0].url).toBe('$__env{OPENKPI_PG_HOST}');
    expect(pg[0].jsonData.database).toBe('$__env{OPENKPI_PG_DATABASE}');
    const kpi = ds.filter((d: Doc) => d.type === 'openkpi-kpi-datasource');
    expect(kpi).toHaveLength(CATALOGS.length);
    kpi.forEach((d: Doc) => {
      expect(uids).toContain(d.jsonData.postgresUid);
      const { problems, catalog } = validateCatalogObject(unescape(d.jsonData.catalog), 'jsonData');
      expect(problems).toEqual([]);
      expect(catalog).toBeDefined();
    });
    expect(yamlOf('provisioning/plugins/openkpi.yaml').apps).toEqual([
      expect.objectContaining({ type: 'openkpi-scorecard-app', disabled: false }),
    ]);
  });

  test('dashboards: unique stable uids, titles, only provisioned data sources, providers per catalog folder', () => {
    const dsUids = new Set(datasources().map((d: Doc) => d.uid));
    const all = dashboards();
    const uids = all.map(({ d }) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    const providers = yamlOf('provisioning/dashboards/openkpi.yaml').providers;
    for (const { file, d } of all) {
      expect(d.uid).toMatch(UID);
      expect(d.title).toBeTruthy();
      expect(d.id).toBeUndefined();
      const panelIds = d.panels.map((p: Doc) => p.id);
      expect({ file, unique: new Set(panelIds).size }).toEqual({ file, unique: panelIds.length });
      for (const p of d.panels.filter((p: Doc) => p.type !== 'row')) {
        expect({ file, panel: p.title, ds: dsUids.has(p.datasource?.uid) }).toEqual({ file, panel: p.title, ds: true });
        for (const t of p.targets ?? []) {
          expect(dsUids.has(t.datasource?.uid)).toBe(true);
          expect(['kpi', 'scorecard', 'trend', 'breakdown', 'objectives']).toContain(t.queryType);
        }
      }
      // The provider whose path holds this file.
      const dir = file.split('/')[1];
      expect(providers.filter((pr: Doc) => pr.options.path.endsWith(`/${dir}`))).toHaveLength(1);
    }
    providers.forEach((pr: Doc) => {
      expect(pr).toEqual(expect.objectContaining({ orgId: 1, type: 'file' }));
      expect(pr.folder).toBeTruthy();
    });
    const names = providers.map((pr: Doc) => pr.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test('an overview with a card per KPI, an area dashboard per area and a KPI detail per catalog', () => {
    for (const file of CATALOGS) {
      const dir = path.basename(path.dirname(file));
      const own = dashboards().filter((x) => x.file.startsWith(`dashboards/${dir}/`));
      const catalogs = datasources()
        .filter((d: Doc) => d.type === 'openkpi-kpi-datasource')
        .map((d: Doc) => unescape(d.jsonData.catalog) as Doc);
      const kpis: Doc[] = catalogs.find((c: Doc) => c.name === dir).kpis;
      const overview = own.find((x) => x.file.endsWith('/overview.json'))!.d;
      // A card's KPI query (its trend query is listed first, so the value tile leads).
      const kpiTarget = (p: Doc) => p.targets?.find((t: Doc) => t.queryType === 'kpi');
      const cards = overview.panels.filter((p: Doc) => p.type === 'stat' && kpiTarget(p));
      expect(cards.map((p: Doc) => kpiTarget(p).kpis[0])).toEqual(kpis.map((k) => k.id));
      const areas = new Set(kpis.map((k) => k.area ?? 'General'));
      expect(own.filter((x) => x.file.includes('/area-'))).toHaveLength(areas.size);
      const detail = own.find((x) => x.file.endsWith('/kpi-detail.json'))!.d;
      expect(detail.templating.list.map((v: Doc) => v.name)).toContain('kpi');
    }
  });

  test('alert rules: Grafana rule-file fields, unique uids and titles, backend data source, threshold condition', () => {
    const dsByUid = new Map(datasources().map((d: Doc) => [d.uid, d]));
    const dash = new Map(dashboards().map(({ d }) => [d.uid, d]));
    const folders = new Set(yamlOf('provisioning/dashboards/openkpi.yaml').providers.map((p: Doc) => p.folder));
    const ruleUids: string[] = [];
    for (const f of ruleFiles()) {
      const groups: Doc[] = yamlOf(f).groups;
      expect(groups.length).toBeGreaterThan(0);
      const titles = new Set<string>();
      for (const g of groups) {
        expect(g).toEqual(
          expect.objectContaining({ orgId: 1, name: expect.any(String), interval: expect.any(String) })
        );
        expect(parseDuration(g.interval)).toBeDefined();
        expect(folders).toContain(g.folder);
        for (const r of g.rules) {
          ruleUids.push(r.uid);
          expect(r.uid).toMatch(UID);
          expect(titles.has(r.title)).toBe(false);
          titles.add(r.title);
          expect(['OK', 'NoData', 'Alerting', 'KeepLast']).toContain(r.noDataState);
          expect(['OK', 'Error', 'Alerting', 'KeepLast']).toContain(r.execErrState);
          expect(parseDuration(r.for)).toBeDefined();
          expect(['critical', 'warning', 'info', 'stale']).toContain(r.labels.severity);
          expect(r.labels).toEqual(expect.objectContaining({ catalog: expect.any(String) }));
          expect(r.title.length).toBeLessThanOrEqual(190);
          expect(r.annotations.summary).toBeTruthy();
          expect(r.annotations.description).toBeTruthy();
          const refIds = r.data.map((q: Doc) => q.refId);
          expect(new Set(refIds).size).toBe(refIds.length);
          expect(refIds).toContain(r.condition);
          for (const q of r.data) {
            expect(q.relativeTimeRange).toEqual({ from: expect.any(Number), to: expect.any(Number) });
            expect(q.model.refId).toBe(q.refId);
            if (q.datasourceUid === '__expr__') {
              expect(['threshold', 'math', 'reduce']).toContain(q.model.type);
              expect(refIds).toContain(q.model.expression);
              expect(q.model.conditions[0].evaluator).toEqual({
                type: 'within_range',
                params: [expect.any(Number), expect.any(Number)],
              });
            } else {
              // Alerting needs a backend data source: the provisioned PostgreSQL one.
              expect(dsByUid.get(q.datasourceUid)?.type).toBe('grafana-postgresql-datasource');
              expect(q.model).toEqual(expect.objectContaining({ format: 'table', rawSql: expect.any(String) }));
              if (q.refId !== 'T') {
                // Anchored at PostgreSQL's clock (a fixed target needs no clock).
                expect(q.model.rawSql).toContain('now()');
              }
            }
          }
          // The dashboard the annotations link to (KPI detail; objectives for key results) exists in the tree.
          const detailUid = /\/d\/([^?]+)/.exec(r.annotations.dashboard_url)![1];
          expect(dash.get(detailUid)).toBeDefined();
        }
      }
    }
    expect(new Set(ruleUids).size).toBe(ruleUids.length);
  });

  test('--contact-points --policies: contact points from set env vars, policies routing every severity to them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-build-'));
    const saved = { ...process.env };
    try {
      process.env.OPENKPI_ALERT_WEBHOOK_URL = 'https://hooks.example.com/kpi';
      process.env.OPENKPI_ALERT_EMAILS = 'kpi@example.com';
      await build(dir, ['--contact-points', '--policies']);
      const read = (p: string): Doc => parse(fs.readFileSync(path.join(dir, p), 'utf8'));
      const cps: Doc[] = read('provisioning/alerting/contact-points.yaml').contactPoints;
      const names = new Set(cps.map((c) => c.name));
      cps.forEach((c) =>
        c.receivers.forEach((r: Doc) => {
          expect(r.uid).toMatch(UID);
          expect(['webhook', 'email']).toContain(r.type);
          expect(Object.values(r.settings).some((v) => String(v).startsWith('$__env{'))).toBe(true);
        })
      );
      const [policy] = read('provisioning/alerting/policies.yaml').policies;
      expect(names).toContain(policy.receiver);
      const severities = policy.routes.map((r: Doc) => {
        expect(names.has(r.receiver ?? policy.receiver)).toBe(true);
        ['group_wait', 'group_interval', 'repeat_interval'].forEach((k) =>
          expect(r[k]).toMatch(/^[1-9][0-9]*(s|m|h|d|w)$/)
        );
        return r.object_matchers[0];
      });
      expect(severities).toEqual(['critical', 'warning', 'stale', 'info'].map((s) => ['severity', '=', s]));
      // Every rule routes itself to one of them too.
      const rules: Doc[] = fs
        .readdirSync(path.join(dir, 'provisioning/alerting'))
        .filter((f) => f.startsWith('rules-'))
        .flatMap((f) => read(`provisioning/alerting/${f}`).groups.flatMap((g: Doc) => g.rules));
      for (const r of rules) {
        expect(names).toContain(r.notification_settings.receiver);
      }
      expect(rules.find((r) => r.labels.severity === 'info').notification_settings.receiver).toBe('OpenKPI digest');
    } finally {
      process.env = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [{ OPENKPI_ALERT_EMAILS: 'a@example.com' }, /OPENKPI_ALERT_WEBHOOK_URL is not set/],
    [{ OPENKPI_ALERT_EMAILS: ' ', OPENKPI_ALERT_WEBHOOK_URL: 'https://x' }, /OPENKPI_ALERT_EMAILS is empty/],
  ])('--contact-points refuses an unset or empty address (%j)', async (environment, message) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-build-'));
    const saved = { ...process.env };
    try {
      delete process.env.OPENKPI_ALERT_EMAILS;
      delete process.env.OPENKPI_ALERT_WEBHOOK_URL;
      Object.assign(process.env, environment);
      await expect(build(dir, ['--contact-points'])).rejects.toThrow(message);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      process.env = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--contact-point routes a severity to a named contact point; --policies alone is refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-build-'));
    try {
      await build(dir, ['--contact-point', 'critical=Ops pager', '--grafana-url', 'https://grafana.example.com/']);
      const file = fs.readdirSync(path.join(dir, 'provisioning/alerting')).find((f) => f.startsWith('rules-'))!;
      const rules: Doc[] = parse(fs.readFileSync(path.join(dir, 'provisioning/alerting', file), 'utf8')).groups[0]
        .rules;
      const critical = rules.find((r) => r.labels.severity === 'critical');
      expect(critical.notification_settings).toEqual(
        expect.objectContaining({ receiver: 'Ops pager', group_by: ['...'] })
      );
      expect(rules.find((r) => r.labels.severity === 'stale').notification_settings).toBeUndefined();
      expect(critical.annotations.dashboard_url).toMatch(/^https:\/\/grafana\.example\.com\/d\//);
      await expect(build(dir, ['--policies'])).rejects.toThrow(/add --contact-points/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--postgres-* flags replace the env references', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-build-'));
    try {
      await build(dir, ['--postgres-host', 'db:5432', '--postgres-db', 'kpis', '--postgres-user', 'grafana_ro']);
      const pg = parse(fs.readFileSync(path.join(dir, 'provisioning/datasources/openkpi.yaml'), 'utf8')).datasources[0];
      expect([pg.url, pg.jsonData.database, pg.user]).toEqual(['db:5432', 'kpis', 'grafana_ro']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
