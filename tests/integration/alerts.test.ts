/** @jest-environment node */
import fs from 'node:fs';
import type { QueryResult } from 'pg';
import path from 'node:path';

import { MIGRATION_SQL } from '../../src/cli/migrate';
import type { Catalog, Kpi } from '../../src/core/catalog/model';
import { parseCatalog } from '../../src/core/catalog/parse';
import { NOW } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { evaluateObjectives } from '../../src/core/objectives/evaluate';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { AlertKind, CONDITION, rulesOf } from '../../src/generators/alertRules';
import { createTestDatabase, TestDatabase } from '../support/db';

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');
const EXAMPLES = fs
  .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXAMPLES_DIR, d.name, 'catalog.yaml')))
  .map((d) => d.name)
  .sort();

interface SqlModel {
  rawSql: string;
  format: string;
}
interface ThresholdModel {
  type: 'threshold';
  expression: string;
  conditions: Array<{ evaluator: { type: string; params: number[] } }>;
}
type RuleQuery = { refId: string; datasourceUid: string; model: SqlModel | ThresholdModel };

/**
 * A table as Grafana's numeric-table conversion reads it (pkg/expr/converter.go): exactly one
 * numeric column, every other column a string; each row one instance labelled by the strings.
 * Returns the instances by their `kpi` label.
 */
async function instances(
  db: TestDatabase,
  sql: string,
  key = 'kpi'
): Promise<Map<string, { labels: Record<string, string>; value: number | null }>> {
  // `SET LOCAL jit = off; SELECT …`: Grafana's PostgreSQL data source returns the SELECT's rows.
  const results = (await db.client.query(sql)) as unknown as QueryResult | QueryResult[];
  const result = Array.isArray(results) ? results[results.length - 1] : results;
  // PostgreSQL type oids: 701 double precision, 25 text.
  const numeric = result.fields.filter((f) => f.dataTypeID === 701);
  const strings = result.fields.filter((f) => f.dataTypeID === 25);
  expect(numeric).toHaveLength(1);
  expect(strings.length).toBe(result.fields.length - 1);
  const byKpi = new Map<string, { labels: Record<string, string>; value: number | null }>();
  for (const row of result.rows) {
    const labels = Object.fromEntries(strings.map((f) => [f.name, row[f.name] as string]));
    expect(byKpi.has(labels[key])).toBe(false);
    byKpi.set(labels[key], { labels, value: row[numeric[0].name] as number | null });
  }
  return byKpi;
}

/**
 * Grafana's threshold expression (pkg/expr/threshold.go: within_range is `left < v < right`, a
 * nil value stays nil) and the instance state (ngalert eval: nil → NoData, 0 → Normal, else
 * Alerting; the rules map NoData to OK). Written here from Grafana's source, not the generator.
 */
function grafanaFires(value: number | null, evaluator: { type: string; params: number[] }): boolean {
  if (value === null || Number.isNaN(value)) {
    return false;
  }
  if (evaluator.type !== 'within_range') {
    throw new Error(`evaluator ${evaluator.type} is not covered by this test`);
  }
  const [left, right] = evaluator.params;
  return value > left && value < right;
}

/** The figure eval judges: a paced KPI's projection, else its value (docs/catalog.md: Pace). */
function judged(kpi: Kpi, e: KpiEvaluation): number | null {
  return kpi.pace ? (e.projected ?? null) : e.value;
}

/**
 * What should fire, from eval's figures (docs/catalog.md: status, target met, stale). Without a
 * verdict (no_data, low_volume, pending) nothing but `stale` fires; a paced KPI's target is met
 * by its projection, as its status judges the projection.
 */
function expectedFiring(kind: AlertKind, kpi: Kpi, e: KpiEvaluation): boolean {
  if (kind === 'stale') {
    return e.stale;
  }
  if (e.stale || ['no_data', 'low_volume', 'pending'].includes(e.status)) {
    return false;
  }
  if (kind === 'info') {
    const v = judged(kpi, e);
    if (v === null || e.target === null) {
      return false;
    }
    return kpi.direction === 'higher' ? v >= e.target : v <= e.target;
  }
  return e.status === kind;
}

interface Checked {
  rules: number;
  firing: number;
  /** The firing instances, as `kpi/kind`, and the figure each carries. */
  fired: Map<string, number>;
  evaluation: Map<string, KpiEvaluation>;
  catalog: Catalog;
}

/**
 * Runs every query of every rule and eval in ONE transaction: now() is the same instant for all.
 * A catalog may be built from that instant (rules that depend on where in a period now() is), and
 * `seed` (SQL) writes the data in that transaction first, dated from that now().
 */
async function checkRules(
  db: TestDatabase,
  catalogOrFactory: Catalog | ((now: Date) => Catalog),
  seed?: string
): Promise<Checked> {
  const runner: SqlRunner = { query: async (sql) => (await db.client.query(sql)).rows };
  let firing = 0;
  const fired = new Map<string, number>();
  await db.query('BEGIN');
  try {
    if (seed) {
      await db.query(seed);
    }
    const nowRows = await db.query<{ ms: number }>('SELECT (extract(epoch FROM now()) * 1000)::float8 AS ms');
    const catalog =
      typeof catalogOrFactory === 'function' ? catalogOrFactory(new Date(nowRows[0].ms)) : catalogOrFactory;
    const rules = rulesOf(catalog);
    const evaluation = await evaluateKpis(catalog, { at: NOW }, runner);
    const byId = new Map(evaluation.kpis.map((k) => [k.id, k]));
    for (const { kind, kpis, rule, keyResults } of rules) {
      const data = rule.data as RuleQuery[];
      if (keyResults) {
        firing += await checkKeyResultRule(db, catalog, data, runner);
        continue;
      }
      const results = new Map<string, Awaited<ReturnType<typeof instances>>>();
      for (const q of data.filter((d) => d.datasourceUid !== '__expr__')) {
        const model = q.model as SqlModel;
        expect(model.format).toBe('table');
        results.set(q.refId, await instances(db, model.rawSql));
      }
      const threshold = data.find((d) => d.refId === rule.condition)!.model as ThresholdModel;
      expect(threshold.type).toBe('threshold');
      const a = results.get(threshold.expression)!;
      // One instance per KPI of the rule, and T pairs with A by identical labels.
      expect([...a.keys()].sort()).toEqual(kpis.map((k) => k.id).sort());
      for (const kpi of kpis) {
        const e = byId.get(kpi.id)!;
        const ctx = `${catalog.name}/${kpi.id}/${kind}`;
        expect({ ctx, error: e.error }).toEqual({ ctx, error: undefined });
        const instance = a.get(kpi.id)!;
        expect(instance.labels).toEqual({
          kpi: kpi.id,
          kpi_name: kpi.name,
          area: kpi.area ?? 'General',
          owner: kpi.owner ?? '',
        });
        const fires = grafanaFires(instance.value, threshold.conditions[0].evaluator);
        expect({ ctx, fires }).toEqual({ ctx, fires: expectedFiring(kind, kpi, e) });
        if (fires && kind === 'stale') {
          const age =
            e.lastDataAt === null ? -1 : Math.round((Date.parse(evaluation.at) - Date.parse(e.lastDataAt)) / 1000);
          expect({ ctx, age: Math.round(instance.value!) }).toEqual({ ctx, age });
        } else if (fires) {
          expect({ ctx, value: instance.value }).toEqual({ ctx, value: judged(kpi, e) });
        }
        if (fires) {
          fired.set(`${kpi.id}/${kind}`, instance.value!);
        }
        const t = results.get('T');
        if (t) {
          expect(t.get(kpi.id)!.labels).toEqual(instance.labels);
          expect({ ctx, target: t.get(kpi.id)!.value }).toEqual({ ctx, target: e.target });
        }
        firing += fires ? 1 : 0;
      }
    }
    return { rules: rules.length, firing, fired, evaluation: byId, catalog };
  } finally {
    await db.query('COMMIT');
  }
}

/**
 * The key-result rule (docs/objectives.md, Alert rules) against evaluateObjectives at the same
 * now(): one instance per key result, firing exactly when it is at risk or missed, with its value.
 */
async function checkKeyResultRule(db: TestDatabase, catalog: Catalog, data: RuleQuery[], runner: SqlRunner) {
  const a = data.find((d) => d.refId === 'A')!;
  const rows = await instances(db, (a.model as SqlModel).rawSql, 'key_result');
  const threshold = data.find((d) => d.refId === CONDITION)!.model as ThresholdModel;
  const okr = await evaluateObjectives(catalog, NOW, runner);
  let firing = 0;
  for (const o of okr.objectives) {
    o.keyResults.forEach((kr, i) => {
      const ctx = `${catalog.name}/${o.id}/${i + 1}`;
      const instance = rows.get(`${o.id}/${i + 1}`)!;
      expect({ ctx, status: instance.labels.status }).toEqual({ ctx, status: kr.status });
      const fires = grafanaFires(instance.value, threshold.conditions[0].evaluator);
      expect({ ctx, fires }).toEqual({ ctx, fires: kr.status === 'at_risk' || kr.status === 'missed' });
      if (fires) {
        expect({ ctx, value: instance.value }).toEqual({ ctx, value: kr.value });
        firing += 1;
      }
    });
  }
  expect(rows.size).toBe(okr.objectives.reduce((n, o) => n + o.keyResults.length, 0));
  return firing;
}

describe.each(EXAMPLES)('alert rules of example %s', (name) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(MIGRATION_SQL);
    await db.query(fs.readFileSync(path.join(EXAMPLES_DIR, name, 'data.sql'), 'utf8'));
  }, 120_000);
  afterAll(() => db.drop());

  test('every rule query agrees with openkpi eval at the same instant', async () => {
    const file = path.join(EXAMPLES_DIR, name, 'catalog.yaml');
    const { catalog, problems } = parseCatalog(fs.readFileSync(file, 'utf8'), file);
    expect(problems).toEqual([]);
    const { rules } = await checkRules(db, catalog!);
    // At most one rule per severity and pending period.
    expect(rules).toBeGreaterThanOrEqual(1);
    // (plus the key-result rule when the catalog has objectives)
    expect(rules).toBeLessThanOrEqual(
      4 * new Set(catalog!.kpis.map((k) => k.alert?.for ?? '')).size + (catalog!.objectives ? 1 : 0)
    );
    rulesOf(catalog!).forEach(({ rule }) => expect(rule.condition).toBe(CONDITION));
  }, 120_000);
});

describe('alert rules at the boundaries', () => {
  // Manual KPIs: the value is the last recorded measurement, so the test sets it exactly.
  const catalogText = `
apiVersion: openkpi/v1
name: boundaries
sources:
  feed: { table: t.feed, time: at, freshness: 1h }
kpis:
  - { id: up_crit_equal, name: Up at critical, source: manual, window: 30d, target: 95, thresholds: { warning: 95, critical: 90 } }
  - { id: up_crit_below, name: Up below critical, source: manual, window: 30d, target: 95, thresholds: { warning: 95, critical: 90 } }
  - { id: up_warn_equal, name: Up at warning, source: manual, window: 30d, target: 95, thresholds: { warning: 95, critical: 90 } }
  - { id: down_warn, name: Down in warning, source: manual, window: 30d, direction: lower, target: 2, thresholds: { warning: 2, critical: 5 } }
  - { id: down_crit_equal, name: Down at critical, source: manual, window: 30d, direction: lower, target: 2, thresholds: { warning: 2, critical: 5 } }
  - { id: nothing, name: No data, source: manual, window: 30d, target: 1 }
  - { id: scheduled, name: Scheduled, source: manual, window: 30d, targets: [{ from: 2000-01-01, value: 50, warning: 50, critical: 40 }, { from: 2999-01-01, value: 99 }] }
  - { id: stale_count, name: Stale feed, source: feed, window: 1d, measure: { aggregate: count }, target: 10, thresholds: { warning: 10, critical: 5 } }
`;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(MIGRATION_SQL);
    await db.query(`CREATE SCHEMA t; CREATE TABLE t.feed (at timestamptz NOT NULL);
      INSERT INTO t.feed SELECT now() - interval '3 hours' - g * interval '1 minute' FROM generate_series(1, 3) g;
      INSERT INTO openkpi.measurement (kpi, time, value) VALUES
        ('up_crit_equal', now() - interval '1 day', 90), ('up_crit_below', now() - interval '1 day', 89.9),
        ('up_warn_equal', now() - interval '1 day', 95), ('down_warn', now() - interval '1 day', 2.5),
        ('down_crit_equal', now() - interval '1 day', 5), ('scheduled', now() - interval '1 day', 45)`);
  });
  afterAll(() => db.drop());

  test('firing matches eval, equal never breaches, stale data alerts only as stale', async () => {
    const { catalog, problems } = parseCatalog(catalogText, 'boundaries.yaml');
    expect(problems).toEqual([]);
    const { rules, firing } = await checkRules(db, catalog!);
    // critical, warning, info, stale: no KPI sets alert.for.
    expect(rules).toBe(4);
    // Hand-counted: up_crit_equal warning; up_crit_below critical; up_warn_equal info;
    // down_warn warning; down_crit_equal warning; scheduled warning; stale_count stale only.
    expect(firing).toBe(7);
  });
});

describe('alert rules on pace, minimum volume and growth', () => {
  const DAY_MS = 24 * 3600 * 1000;
  /**
   * Built at the transaction's now(): `pending_day` is pending whatever the time of day (`after`
   * halfway between the day's elapsed share and 1; capped at 0.999 it was judged, critical, from
   * 23:58:33.6 UTC on).
   */
  const catalogAt = (now: Date): Catalog => {
    const share = (now.getTime() % DAY_MS) / DAY_MS;
    const after = (share + 1) / 2;
    const { catalog, problems } = parseCatalog(
      `
apiVersion: openkpi/v1
name: judging
sources:
  deploys: { table: j.deploys, time: t }
  requests: { table: j.requests, time: t }
  sales: { table: j.sales, time: t }
kpis:
  - { id: pending_day, name: Pending today, source: deploys, filter: "false", window: day, measure: { aggregate: count }, target: 10, thresholds: { critical: 10 }, pace: { after: ${after} } }
  - { id: missing_day, name: On pace to miss today, source: deploys, filter: "false", window: day, measure: { aggregate: count }, target: 50, thresholds: { warning: 50, critical: 40 }, pace: { after: 0 } }
  - { id: on_pace_day, name: On pace today, source: deploys, window: day, measure: { aggregate: count }, target: 50, thresholds: { warning: 50, critical: 40 }, pace: { after: 0 } }
  - { id: thin_rate, name: Success rate on few requests, unit: percent, source: requests, window: 1h, measure: { ratio: { numerator: { aggregate: count, filter: "ok" }, denominator: { aggregate: count } }, scale: 100 }, target: 99, thresholds: { warning: 99, critical: 90 }, minVolume: 5 }
  - { id: revenue_hour, name: Revenue last hour, source: sales, window: 1h, measure: { aggregate: sum, expression: amount } }
  - { id: revenue_drop, name: Revenue change hour over hour, unit: percent, measure: { growth: { kpi: revenue_hour } }, thresholds: { critical: -10 } }
`,
      'judging.yaml'
    );
    expect(problems).toEqual([]);
    return catalog!;
  };

  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query(`CREATE SCHEMA j;
      CREATE TABLE j.deploys (t timestamptz NOT NULL);
      CREATE TABLE j.requests (t timestamptz NOT NULL, ok boolean NOT NULL);
      CREATE TABLE j.sales (t timestamptz NOT NULL, amount double precision NOT NULL);`);
  });
  afterAll(() => db.drop());

  /**
   * The rows, written in each check's transaction (checkRules): dated from its now(), so "today"
   * is the day the rules run in even when a UTC midnight passes between two tests.
   */
  const SEED = `TRUNCATE j.deploys, j.requests, j.sales;
      -- 200 deployments spread over today so far (UTC): on pace for 50 at any time of day.
      INSERT INTO j.deploys SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
        + (now() - (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')) * (g - 0.5) / 200 FROM generate_series(1, 200) g;
      -- two failed requests in the last hour: 0 % on a volume of 2 (below 5).
      INSERT INTO j.requests VALUES (now() - interval '10 minutes', false), (now() - interval '20 minutes', false);
      -- revenue 100 in the hour before last, 50 in the last hour: -50 %.
      INSERT INTO j.sales VALUES (now() - interval '30 minutes', 50), (now() - interval '90 minutes', 100);`;

  test('never fire on pending or low_volume; fire on a paced critical and a growth drop, agreeing with eval', async () => {
    const checked = await checkRules(db, catalogAt, SEED);
    const status = (id: string) => checked.evaluation.get(id)!.status;
    expect(status('pending_day')).toBe('pending');
    expect(status('missing_day')).toBe('critical');
    expect(status('on_pace_day')).toBe('ok');
    expect(status('thin_rate')).toBe('low_volume');
    expect(checked.evaluation.get('thin_rate')!.value).toBe(0); // would be critical without minVolume
    expect(status('revenue_drop')).toBe('critical');
    expect(checked.evaluation.get('revenue_drop')!.value).toBeCloseTo(-50, 9);
    expect([...checked.fired.keys()].sort()).toEqual([
      'missing_day/critical',
      'on_pace_day/info',
      'revenue_drop/critical',
    ]);
    // A paced instance carries its projection, the figure its status judged.
    expect(checked.fired.get('missing_day/critical')).toBe(checked.evaluation.get('missing_day')!.projected);
    expect(checked.fired.get('on_pace_day/info')).toBe(checked.evaluation.get('on_pace_day')!.projected);
  });

  test("a paced KPI's summary says what it is on pace for; others keep theirs", async () => {
    const checked = await checkRules(db, catalogAt, SEED);
    const critical = rulesOf(checked.catalog).find((r) => r.kind === 'critical')!;
    expect(critical.kpis.map((k) => k.id)).toEqual(expect.arrayContaining(['missing_day', 'revenue_drop']));
    const { summary } = critical.rule.annotations;
    expect(summary).toMatch(/^\{\{ if eq \$labels\.kpi "pending_day" "missing_day" "on_pace_day" \}\}/);
    expect(summary).toContain('is on pace to miss: projected');
    expect(summary).toContain('{{ else }}{{ $labels.kpi_name }} is ');
  });
});
