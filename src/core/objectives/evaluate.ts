import { Catalog, KeyResult, Objective } from '../catalog/model';
import { inForceAt, instantMs } from '../rules/targets';
import { Anchor } from '../compiler/anchor';
import { kpiById } from '../compiler/kpiSql';
import { compileNow, compileValuesAt, ValueAt } from '../compiler/valuesAtQuery';
import { numberOrNull, SqlRunner } from '../evaluation/runner';
import type { RollupRead } from '../rollup/mayRead';
import type { RollupPlan } from '../rollup/plan';
import { keyResultFigures, KeyResultStatus, objectiveProgress, objectiveStatus } from './progress';

/** One key result at an instant (docs/cli.md `okr --json`), plus what a table or panel shows beside it. */
export interface KeyResultEvaluation {
  kpi: string;
  /** The KPI's name, unit and decimals, for display. */
  name: string;
  unit?: string;
  decimals?: number;
  value: number | null;
  baseline: number | null;
  target: number | null;
  /** Due instant, UTC ISO. */
  by: string;
  progress: number | null;
  expectedProgress: number;
  status: KeyResultStatus;
}

export interface ObjectiveEvaluation {
  id: string;
  title: string;
  owner: string | null;
  /** Start instant, UTC ISO. */
  from: string;
  progress: number | null;
  status: KeyResultStatus;
  keyResults: KeyResultEvaluation[];
}

export interface OkrResult {
  catalog: string;
  /** The evaluation instant, UTC ISO; for `now()`, the database's. */
  at: string;
  objectives: ObjectiveEvaluation[];
}

/** Where a key result's value and (default) baseline are in the list of values asked for. */
interface Slots {
  value: number;
  baseline?: number;
}

/**
 * What evaluateObjectives reads, as far as rollups go: every key result's KPI as a key result
 * (valuesAtQuery.ts), without dimension filters, at its due date and at its objective's start.
 */
export function objectiveReads(catalog: Catalog): RollupRead[] {
  const ids = new Set((catalog.objectives ?? []).flatMap((o) => o.keyResults.map((kr) => kr.kpi)));
  return catalog.kpis.filter((k) => ids.has(k.id)).map((kpi) => ({ kpi, use: { kind: 'exact' } }));
}

/**
 * Evaluates every objective of the catalog at `at`: each key result's KPI at min(at, by) —
 * frozen at its due date — and, without an explicit baseline, at the objective's `from`.
 * All values come from one statement (plus one to read `now()` when `at` is the database's clock),
 * reading the given rollups where one answers a key result's KPI exactly (docs/rollups.md).
 */
export async function evaluateObjectives(
  catalog: Catalog,
  at: Anchor,
  runner: SqlRunner,
  rollups: RollupPlan[] = []
): Promise<OkrResult> {
  const atMs = at.kind === 'instant' ? at.at.getTime() : await databaseNow(runner);
  const objectives = catalog.objectives ?? [];
  const tz = catalog.timezone;
  const pairs: ValueAt[] = [];
  const ask = (kpiId: string, ms: number): number => pairs.push({ kpiId, at: new Date(ms) }) - 1;
  const slots: Slots[][] = objectives.map((o) =>
    o.keyResults.map((kr) => ({
      value: ask(kr.kpi, Math.min(atMs, instantMs(kr.by, tz))),
      baseline: kr.baseline === undefined ? ask(kr.kpi, instantMs(o.from, tz)) : undefined,
    }))
  );
  const values = await valuesOf(catalog, pairs, runner, rollups);
  return {
    catalog: catalog.name,
    at: new Date(atMs).toISOString(),
    objectives: objectives.map((o, i) => objectiveOf(catalog, o, slots[i], values, atMs)),
  };
}

/**
 * The value of every pair, asking each distinct (KPI, instant) once: key results often share
 * a due date, and an objective's key results share its start.
 */
async function valuesOf(
  catalog: Catalog,
  pairs: ValueAt[],
  runner: SqlRunner,
  rollups: RollupPlan[]
): Promise<Array<number | null>> {
  const keyOf = (p: ValueAt): string => `${p.kpiId}@${p.at.getTime()}`;
  const distinct = [...new Map(pairs.map((p) => [keyOf(p), p])).values()];
  if (distinct.length === 0) {
    return [];
  }
  const rows = await runner.query(compileValuesAt(catalog, distinct, [], rollups));
  const byKey = new Map<string, number | null>();
  rows.forEach((r) => byKey.set(keyOf(distinct[Number(r.ord)]), numberOrNull(r.value)));
  return pairs.map((p) => byKey.get(keyOf(p)) ?? null);
}

async function databaseNow(runner: SqlRunner): Promise<number> {
  const rows = await runner.query(compileNow());
  return numberOrNull(rows[0]?.at_ms) ?? Date.now();
}

function objectiveOf(
  catalog: Catalog,
  o: Objective,
  slots: Slots[],
  values: Array<number | null>,
  atMs: number
): ObjectiveEvaluation {
  const fromMs = instantMs(o.from, catalog.timezone);
  const keyResults = o.keyResults.map((kr, j) => keyResultOf(catalog, kr, slots[j], values, atMs, fromMs));
  return {
    id: o.id,
    title: o.title,
    owner: o.owner ?? null,
    from: new Date(fromMs).toISOString(),
    progress: objectiveProgress(keyResults.map((k) => k.progress)),
    status: objectiveStatus(keyResults.map((k) => k.status)),
    keyResults,
  };
}

function keyResultOf(
  catalog: Catalog,
  kr: KeyResult,
  slots: Slots,
  values: Array<number | null>,
  atMs: number,
  fromMs: number
): KeyResultEvaluation {
  const kpi = kpiById(catalog, kr.kpi);
  const byMs = instantMs(kr.by, catalog.timezone);
  const value = values[slots.value];
  const baseline = kr.baseline ?? (slots.baseline === undefined ? null : values[slots.baseline]);
  const target = kr.target ?? inForceAt(kpi, new Date(byMs), catalog.timezone).target;
  const figures = keyResultFigures({ value, baseline, target, direction: kpi.direction, atMs, fromMs, byMs });
  return {
    kpi: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    decimals: kpi.decimals,
    value,
    baseline,
    target,
    by: new Date(byMs).toISOString(),
    ...figures,
  };
}
