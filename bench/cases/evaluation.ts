/**
 * The evaluation rows: each KPI form against hand-written SQL, the 30-KPI scorecard raw, with
 * rollups (exact, and with the catalog's `approximate: true`), and the 90-point trend raw and
 * with rollups.
 */
import type { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { compileEval } from '../../src/core/compiler/evalQuery';
import { compileSeries } from '../../src/core/compiler/seriesQuery';
import { planOf, RollupPlan } from '../../src/core/rollup/plan';
import type { Case } from '../support/measure';
import { figures, Query } from '../support/query';
import { approximateCheck, figuresInOrder } from './approximate';
import { AT, DAY, FORMS, handTrend, handWritten } from './forms';

/** The issue's targets (10 M rows, this machine). */
export const TARGETS = {
  formRatio: 1.15,
  scorecardRatio: 0.6,
  scorecardRollupMs: 300,
  trendRatio: 1.5,
  trendRollupMs: 100,
  overviewRollupMs: 1000,
  compileMsPerKpi: 1,
};

/** Runs thunks one after the other (the database time of a sequence, not of concurrency). */
export async function seq<T>(thunks: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  for (const t of thunks) {
    out.push(await t());
  }
  return out;
}

/** A catalog and the rollups built for it. */
export interface Rolled {
  catalog: Catalog;
  rollups: RollupPlan[];
}

/** The measure forms of some KPIs in words: `p95 and count_distinct`. */
function formsOf(catalog: Catalog, ids: string[]): string {
  const form = (id: string) => {
    const { measure } = catalog.kpis.find((k) => k.id === id)!;
    return measure.kind === 'aggregate' ? measure.aggregate : measure.kind;
  };
  return [...new Set(ids.map(form))].join(' and ');
}

export function evaluationCases(catalog: Catalog, q: Query, rollups: RollupPlan[], approx: Rolled): Case[] {
  const at = instant(AT);
  // Compiled once, outside the timing: the rows compare database time (compile time has its own line).
  const evalOf = (kpiIds?: string[], read?: RollupPlan[]) => {
    const sql = compileEval(catalog, { kpiIds, at, rollups: read });
    return async () => figures(await q(sql));
  };
  const cases: Case[] = FORMS.map(([form]) => ({
    name: `${form}, 30d`,
    compiled: evalOf([`${form}_30d`]),
    baseline: { name: 'hand-written, one scan', run: async () => figures(await q(handWritten(form, 30))) },
    targetRatio: TARGETS.formRatio,
  }));
  const ids = catalog.kpis.map((k) => k.id);
  const scorecardRaw = evalOf();
  // Exact percentiles, distinct counts and `last` need the rows (docs/rollups.md): these KPIs read raw rows.
  const rolled = catalog.kpis.filter((k) => planOf(rollups, k)).map((k) => k.id);
  const onRaw = ids.filter((id) => !rolled.includes(id));
  const approxIds = approx.catalog.kpis.map((k) => k.id);
  const approxOnRaw = approx.catalog.kpis.filter((k) => !planOf(approx.rollups, k)).map((k) => k.id);
  const approxSql = compileEval(approx.catalog, { at, rollups: approx.rollups });
  const exactRaw = compileEval(catalog, { at });
  const rolledSql = compileEval(catalog, { at, rollups });
  cases.push(
    {
      name: `scorecard, ${ids.length} KPIs, raw rows`,
      compiled: scorecardRaw,
      baseline: {
        name: `the same KPIs as ${ids.length} statements, one per KPI`,
        run: async () => (await seq(ids.map((id) => evalOf([id])))).flat(),
      },
      targetRatio: TARGETS.scorecardRatio,
    },
    {
      name: `scorecard, ${ids.length} KPIs, with rollups (exact: the ${onRaw.length} ${formsOf(catalog, onRaw)} KPIs read raw rows)`,
      compiled: evalOf(undefined, rollups),
      explain: rolledSql,
      baseline: { name: 'the same statement on raw rows', run: scorecardRaw },
      targetMs: TARGETS.scorecardRollupMs,
    },
    {
      // Its ratio is the share of the exact scorecard with rollups that these KPIs take.
      name: `scorecard, the ${onRaw.length} ${formsOf(catalog, onRaw)} KPIs alone (exact: raw rows), with rollups`,
      compiled: async () => figuresInOrder(await q(compileEval(catalog, { kpiIds: onRaw, at, rollups })), onRaw),
      baseline: {
        name: `the whole ${ids.length}-KPI scorecard with rollups (the ratio is their share of it)`,
        run: async () => figuresInOrder(await q(rolledSql), onRaw),
      },
    },
    {
      name: `scorecard, the ${rolled.length} KPIs a rollup answers exactly, with rollups`,
      compiled: evalOf(rolled, rollups),
      baseline: { name: 'the same statement on raw rows', run: evalOf(rolled) },
      targetMs: TARGETS.scorecardRollupMs,
    },
    {
      // The catalog opts into sketches for percentiles and distinct counts (docs/rollups.md).
      name: `scorecard, ${approxIds.length} KPIs, with rollups, approximate: true (${approxOnRaw.length === 0 ? 'every KPI from the rollup' : `${approxOnRaw.join(', ')} on raw rows`})`,
      compiled: async () => figuresInOrder(await q(approxSql), approxIds),
      explain: approxSql,
      baseline: {
        name: 'the exact statement on raw rows',
        run: async () => figuresInOrder(await q(exactRaw), ids),
      },
      check: approximateCheck(approx.catalog),
      targetMs: TARGETS.scorecardRollupMs,
    }
  );
  const trendFrom = new Date(new Date(AT).getTime() - 90 * DAY);
  const trend = {
    kpiId: 'ratio_30d',
    from: trendFrom,
    to: new Date(AT),
    step: { kind: 'rolling', amount: 1, unit: 'd', text: '1d' },
    mode: 'trend',
  } as const;
  const trendSql = compileSeries(catalog, trend);
  const trendRolledSql = compileSeries(catalog, { ...trend, rollups });
  const points = (sql: string) => async () => (await q(sql)).map((r) => Number(r.value));
  cases.push({
    name: '90-point trend, rolling 30d ratio, raw rows',
    compiled: async () => (await q(trendSql)).map((r) => Number(r.value)),
    baseline: {
      name: 'hand-written one pass (daily partials + window frame)',
      run: async () => (await q(handTrend(trendFrom, 90))).map((r) => Number(r.value)),
    },
    targetRatio: TARGETS.trendRatio,
  });
  cases.push({
    name: '90-point trend, rolling 30d ratio, with rollups',
    compiled: points(trendRolledSql),
    explain: trendRolledSql,
    baseline: { name: 'the same trend on raw rows', run: points(trendSql) },
    targetMs: TARGETS.trendRollupMs,
  });
  return cases;
}
