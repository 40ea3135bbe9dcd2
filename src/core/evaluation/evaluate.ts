import { Catalog, Direction, Kpi } from '../catalog/model';
import { Anchor, instant } from '../compiler/anchor';
import { epochMs } from '../compiler/epoch';
import { compileEval, EvalRequest, evalPaths, requestedKpis } from '../compiler/evalQuery';
import { minVolumeOf } from '../compiler/kpiSql';
import type { Status } from '../rules/status';
import { attainment, changeOf, Judgement, judgedStatus, pacedAttainment } from './status';
import { booleanOf, isoOrNull, messageOf, numberOrNull, SqlRunner } from './runner';

export type { EvalRequest } from '../compiler/evalQuery';
export type { DimensionFilter } from '../compiler/filters';

/** One KPI evaluated at an instant (docs/cli.md, `openkpi eval`, plus the figures panels need). */
export interface KpiEvaluation {
  id: string;
  name: string;
  unit?: string;
  decimals?: number;
  area?: string;
  owner?: string;
  direction: Direction;
  value: number | null;
  target: number | null;
  warning: number | null;
  critical: number | null;
  status: Status;
  attainment: number | null;
  previous: number | null;
  change: number | null;
  changePercent: number | null;
  window: { from: string; to: string };
  previousWindow: { from: string; to: string };
  lastDataAt: string | null;
  stale: boolean;
  /** Paced KPIs (docs/catalog.md: Pace): share of the period elapsed at `at`, in [0, 1]. */
  elapsedShare?: number | null;
  /** Paced KPIs: the value the period is on pace to end with (value / elapsedShare). */
  projected?: number | null;
  /** Paced KPIs: the target in force × elapsedShare. */
  expectedToDate?: number | null;
  /** KPIs judged by a minimum volume (docs/catalog.md: Minimum volume): rows in the current window. */
  volume?: number | null;
  /** Set when the KPI's query failed: its name and PostgreSQL's message. */
  error?: string;
  /** True when a rollup sketch may answer (approximate: true, docs/rollups.md): within 1 % / 2 %, not exact. */
  approximate?: boolean;
}

export interface EvalResult {
  catalog: string;
  /** The evaluation instant (UTC ISO); for `now()`, the database's. */
  at: string;
  kpis: KpiEvaluation[];
}

function describe(kpi: Kpi): Pick<KpiEvaluation, 'id' | 'name' | 'unit' | 'decimals' | 'area' | 'owner' | 'direction'> {
  return {
    id: kpi.id,
    name: kpi.name,
    unit: kpi.unit,
    decimals: kpi.decimals,
    area: kpi.area,
    owner: kpi.owner,
    direction: kpi.direction,
  };
}

/** The pace and volume figures a KPI reports: only those its catalog entry asks for. */
function judgingFigures(catalog: Catalog, kpi: Kpi, row: Record<string, unknown>): Partial<KpiEvaluation> {
  const figures: Partial<KpiEvaluation> = {};
  if (kpi.pace) {
    figures.elapsedShare = numberOrNull(row.elapsed_share);
    figures.projected = numberOrNull(row.projected);
    figures.expectedToDate = numberOrNull(row.expected_to_date);
  }
  if (minVolumeOf(catalog, kpi) !== undefined) {
    figures.volume = numberOrNull(row.volume);
  }
  return figures;
}

/** Turns one eval row into the KPI's figures; status and derived figures per docs/catalog.md. */
export function evaluationFromRow(catalog: Catalog, kpi: Kpi, row: Record<string, unknown>): KpiEvaluation {
  const value = numberOrNull(row.value);
  const previous = numberOrNull(row.previous);
  const target = numberOrNull(row.target);
  const warning = numberOrNull(row.warning);
  const critical = numberOrNull(row.critical);
  const figures = judgingFigures(catalog, kpi, row);
  const judgement: Judgement = {
    value,
    judged: kpi.pace ? (figures.projected ?? null) : value,
    volume: figures.volume,
    minVolume: minVolumeOf(catalog, kpi),
    elapsedShare: figures.elapsedShare,
    after: kpi.pace?.after,
  };
  return {
    ...describe(kpi),
    value,
    target,
    warning,
    critical,
    status: judgedStatus(judgement, { warning, critical }, kpi.direction),
    attainment: kpi.pace ? pacedAttainment(value, target) : attainment(value, target, kpi.direction),
    previous,
    ...changeOf(value, previous),
    window: { from: isoOrNull(row.window_from_ms) ?? '', to: isoOrNull(row.window_to_ms) ?? '' },
    previousWindow: { from: isoOrNull(row.previous_from_ms) ?? '', to: isoOrNull(row.previous_to_ms) ?? '' },
    lastDataAt: isoOrNull(row.last_data_at_ms),
    stale: booleanOf(row.stale),
    ...figures,
  };
}

/** A KPI whose query failed: no figures, and the reason with its name. */
export function failedEvaluation(kpi: Kpi, error: string): KpiEvaluation {
  return {
    ...describe(kpi),
    value: null,
    target: null,
    warning: null,
    critical: null,
    status: 'error',
    attainment: null,
    previous: null,
    change: null,
    changePercent: null,
    window: { from: '', to: '' },
    previousWindow: { from: '', to: '' },
    lastDataAt: null,
    stale: false,
    error: `${kpi.name} (${kpi.id}): ${error}`,
  };
}

/**
 * Evaluates the requested KPIs with one statement. When it fails, each KPI runs alone so
 * one broken expression does not sink the others: the failing KPIs come back with `error`.
 * Throws OpenKpiError for an unknown KPI or an undeclared dimension (before any SQL runs).
 */
export async function evaluateKpis(catalog: Catalog, request: EvalRequest, runner: SqlRunner): Promise<EvalResult> {
  return markApproximate(catalog, request, await evaluateExact(catalog, request, runner));
}

/** Marks the KPIs that a rollup sketch answers (only when the request reads rollups). */
function markApproximate(catalog: Catalog, request: EvalRequest, result: EvalResult): EvalResult {
  if (!request.rollups || request.rollups.length === 0) {
    return result;
  }
  const approximate = new Set(
    evalPaths(catalog, request)
      .filter((p) => p.approximate)
      .map((p) => p.kpi)
  );
  return {
    ...result,
    kpis: result.kpis.map((k) => (approximate.has(k.id) && !k.error ? { ...k, approximate: true } : k)),
  };
}

async function evaluateExact(catalog: Catalog, request: EvalRequest, runner: SqlRunner): Promise<EvalResult> {
  const kpis = requestedKpis(catalog, request.kpiIds);
  const sql = compileEval(catalog, request);
  try {
    const rows = await runner.query(sql);
    return resultOf(catalog, kpis, rows, request);
  } catch (e) {
    if (kpis.length === 1) {
      return { catalog: catalog.name, at: atOf(request, []), kpis: [failedEvaluation(kpis[0], messageOf(e))] };
    }
  }
  // Each KPI alone must see the same instant as the others: fix `now()` once.
  let alone: EvalRequest;
  try {
    alone = { ...request, at: await fixedAnchor(request.at, runner) };
  } catch (e) {
    return { catalog: catalog.name, at: atOf(request, []), kpis: kpis.map((k) => failedEvaluation(k, messageOf(e))) };
  }
  // One at a time: a runner may hold a single connection, and this is already the slow path.
  const results: KpiEvaluation[] = [];
  for (const kpi of kpis) {
    try {
      const rows = await runner.query(compileEval(catalog, { ...alone, kpiIds: [kpi.id] }));
      results.push(evaluationFromRow(catalog, kpi, rows[0] ?? {}));
    } catch (e) {
      results.push(failedEvaluation(kpi, messageOf(e)));
    }
  }
  return { catalog: catalog.name, at: atOf(alone, []), kpis: results };
}

/** A literal anchor for `now()`: the database's clock, read once. */
async function fixedAnchor(at: Anchor, runner: SqlRunner): Promise<Anchor> {
  if (at.kind === 'instant') {
    return at;
  }
  const rows = await runner.query(`SELECT ${epochMs('now()')} AS at_ms`);
  return instant(new Date(numberOrNull(rows[0]?.at_ms) ?? Date.now()));
}

function resultOf(
  catalog: Catalog,
  kpis: Kpi[],
  rows: Array<Record<string, unknown>>,
  request: EvalRequest
): EvalResult {
  return {
    catalog: catalog.name,
    at: atOf(request, rows),
    kpis: kpis.map((kpi, i) => evaluationFromRow(catalog, kpi, rows[i] ?? {})),
  };
}

/** The instant of the evaluation: the literal, or what the database said `now()` was. */
function atOf(request: EvalRequest, rows: Array<Record<string, unknown>>): string {
  if (request.at.kind === 'instant') {
    return request.at.at.toISOString();
  }
  return isoOrNull(rows[0]?.at_ms) ?? new Date().toISOString();
}
