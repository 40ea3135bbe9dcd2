/** @jest-environment node */
import fs from 'node:fs';
import type { QueryResult } from 'pg';
import path from 'node:path';

import { MIGRATION_SQL } from '../../src/cli/migrate';
import type { Catalog, Kpi } from '../../src/core/catalog/model';
import { parseCatalog } from '../../src/core/catalog/parse';
import { NOW } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
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
  sql: string
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
    expect(byKpi.has(labels.kpi)).toBe(false);
    byKpi.set(labels.kpi, { labels, value: row[numeric[0].name] as number | null });
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

/** What should fire, from eval's figures (docs/catalog.md: status, target met, stale). */
function expectedFiring(kind: AlertKind, kpi: Kpi, e: KpiEvaluation): boolean {
  if (kind === 'stale') {
    return e.stale;
  }
  if (e.stale) {
    return false;
  }
  if (kind === 'info') {
    if (e.value === null || e.target === null) {
      return false;
    }
    return kpi.direction === 'higher' ? e.value >= e.target : e.value <= e.target;
  }
  return e.status === kind;
}

/** Runs every query of every rule and eval in ONE transaction: now() is the same instant for all. */
async function checkRules(db: TestDatabase, catalog: Catalog): Promise<{ rules: number; firing: number }> {
  const runner: SqlRunner = { query: async (sql) => (await db.client.query(sql)).rows };
  const rules = rulesOf(catalog);
  let firing = 0;
  await db.query('BEGIN');
  try {
    const evaluation = await evaluateKpis(catalog, { at: NOW }, runner);
    const byId = new Map(evaluation.kpis.map((k) => [k.id, k]));
    for (const { kind, kpis, rule } of rules) {
      const data = rule.data as RuleQuery[];
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
          expect({ ctx, value: instance.value }).toEqual({ ctx, value: e.value });
        }
        const t = results.get('T');
        if (t) {
          expect(t.get(kpi.id)!.labels).toEqual(instance.labels);
          expect({ ctx, target: t.get(kpi.id)!.value }).toEqual({ ctx, target: e.target });
        }
        firing += fires ? 1 : 0;
      }
    }
  } finally {
    await db.query('COMMIT');
  }
  return { rules: rules.length, firing };
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
    expect(rules).toBeLessThanOrEqual(4 * new Set(catalog!.kpis.map((k) => k.alert?.for ?? '')).size);
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
