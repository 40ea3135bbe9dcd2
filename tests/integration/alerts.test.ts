/** @jest-environment node */
import fs from 'node:fs';
import path from 'node:path';

import { MIGRATION_SQL } from '../../src/cli/migrate';
import type { Catalog, Kpi } from '../../src/core/catalog/model';
import { parseCatalog } from '../../src/core/catalog/parse';
import { NOW } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { SqlRunner } from '../../src/core/evaluation/runner';
import { CONDITION, ProvisionedRule, rulesOf } from '../../src/generators/alertRules';
import type { AlertKind } from '../../src/generators/alertSql';
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

/** The one number of a table result: Grafana needs exactly one row and one numeric column here. */
async function single(db: TestDatabase, sql: string): Promise<number | null> {
  const result = await db.client.query(sql);
  expect(result.rows).toHaveLength(1);
  expect(result.fields).toHaveLength(1);
  const v = result.rows[0][result.fields[0].name];
  expect(v === null || typeof v === 'number').toBe(true);
  return v as number | null;
}

/**
 * Grafana's threshold expression (pkg/expr/threshold.go: gt is `>`, lt is `<`) followed by the
 * rule state (ngalert eval frameToResult: nil → NoData, 0 → Normal, else Alerting). Written
 * here from Grafana's source, not taken from the generator.
 */
function grafanaState(
  value: number | null,
  evaluator: { type: string; params: number[] }
): 'NoData' | 'Normal' | 'Alerting' {
  if (value === null) {
    return 'NoData';
  }
  const [p] = evaluator.params;
  const fired = evaluator.type === 'gt' ? value > p : evaluator.type === 'lt' ? value < p : NaN;
  if (Number.isNaN(fired)) {
    throw new Error(`evaluator ${evaluator.type} is not covered by this test`);
  }
  return fired ? 'Alerting' : 'Normal';
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
    for (const { kpi, kind, rule } of rules) {
      const e = byId.get(kpi.id)!;
      expect({ kpi: kpi.id, error: e.error }).toEqual({ kpi: kpi.id, error: undefined });
      const data = rule.data as RuleQuery[];
      const results = new Map<string, number | null>();
      for (const q of data.filter((d) => d.datasourceUid !== '__expr__')) {
        const model = q.model as SqlModel;
        expect(model.format).toBe('table');
        results.set(q.refId, await single(db, model.rawSql));
      }
      const ctx = `${catalog.name}/${kpi.id}/${kind}`;
      if (kind === 'stale') {
        const expectedAge =
          e.lastDataAt === null ? null : (Date.parse(evaluation.at) - Date.parse(e.lastDataAt)) / 1000;
        expect({ ctx, age: results.get('A') === null ? null : Math.round(results.get('A')!) }).toEqual({
          ctx,
          age: expectedAge === null ? null : Math.round(expectedAge),
        });
      } else {
        expect({ ctx, value: results.get('A') }).toEqual({ ctx, value: e.value });
      }
      if (results.has('T')) {
        expect({ ctx, target: results.get('T') }).toEqual({ ctx, target: e.target });
      }
      const threshold = data.find((d) => d.refId === rule.condition)!.model as ThresholdModel;
      expect(threshold.type).toBe('threshold');
      const state = grafanaState(results.get(threshold.expression)!, threshold.conditions[0].evaluator);
      const fires = state === 'Alerting';
      expect({ ctx, fires }).toEqual({ ctx, fires: expectedFiring(kind, kpi, e) });
      firing += fires ? 1 : 0;
    }
  } finally {
    await db.query('COMMIT');
  }
  return { rules: rules.length, firing };
}

function conditionOf(rule: ProvisionedRule): string {
  return rule.condition;
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
    expect(rules).toBeGreaterThan(0);
    rulesOf(catalog!).forEach(({ rule }) => expect(conditionOf(rule)).toBe(CONDITION));
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
    expect(rules).toBeGreaterThan(20);
    // Hand-counted: up_crit_equal warning; up_crit_below critical; up_warn_equal info;
    // down_warn warning; down_crit_equal warning; scheduled warning; stale_count stale only.
    expect(firing).toBe(7);
  });
});
