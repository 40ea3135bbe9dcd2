import { Catalog, Direction, Kpi } from '../catalog/model';
import { Anchor, instant } from '../compiler/anchor';
import { epochMs } from '../compiler/epoch';
import { compileEval, compileEvalStatement, EvalRequest, evalPaths, requestedKpis } from '../compiler/evalQuery';
import { minVolumeOf } from '../compiler/kpiSql';
import type { Status } from '../rules/status';
import { attainment, changeOf, Judgement, judgedStatus, pacedAttainment } from './status';
import { OpenKpiError } from '../errors';
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

/** Limits of one evaluation request. */
export interface EvalOptions {
  /**
   * Milliseconds the whole request may take (default: no limit). When the one statement fails,
   * the fallback starts no statement after this: the KPIs not evaluated by then fail with a
   * reason, instead of each slow KPI adding its own statement timeout to the wait.
   */
  budgetMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Evaluates the requested KPIs with one statement. A KPI the request cannot apply to (a
 * dimension filter its source does not declare) fails alone with that reason, before any SQL
 * runs. When the statement fails, the KPIs are split in halves and each half runs on its own,
 * halving again where it fails, so one broken or slow KPI costs about 2·log2(n) statements
 * instead of n, and the others still come back; the failing KPIs come back with `error`.
 * Throws OpenKpiError for an unknown KPI, or a filter no requested KPI can take.
 */
export async function evaluateKpis(
  catalog: Catalog,
  request: EvalRequest,
  runner: SqlRunner,
  options: EvalOptions = {}
): Promise<EvalResult> {
  return markApproximate(catalog, request, await evaluateExact(catalog, request, runner, options));
}

/** Marks the KPIs that a rollup sketch answers (only when the request reads rollups). */
function markApproximate(catalog: Catalog, request: EvalRequest, result: EvalResult): EvalResult {
  if (!request.rollups || request.rollups.length === 0) {
    return result;
  }
  const refused = refusedKpis(catalog, request);
  const approximate = new Set(
    evalPaths(catalog, {
      ...request,
      kpiIds: requestedKpis(catalog, request.kpiIds)
        .map((k) => k.id)
        .filter((id) => !refused.has(id)),
    })
      .filter((p) => p.approximate)
      .map((p) => p.kpi)
  );
  return {
    ...result,
    kpis: result.kpis.map((k) => (approximate.has(k.id) && !k.error ? { ...k, approximate: true } : k)),
  };
}

async function evaluateExact(
  catalog: Catalog,
  request: EvalRequest,
  runner: SqlRunner,
  options: EvalOptions
): Promise<EvalResult> {
  const clock = options.now ?? Date.now;
  const deadline = options.budgetMs === undefined ? Infinity : clock() + options.budgetMs;
  const all = requestedKpis(catalog, request.kpiIds);
  const refused = refusedKpis(catalog, request);
  const kpis = all.filter((k) => !refused.has(k.id));
  const inOrder = (done: Map<string, KpiEvaluation>): KpiEvaluation[] =>
    all.map((k) => done.get(k.id) ?? failedEvaluation(k, refused.get(k.id) ?? 'not evaluated'));
  const done = new Map<string, KpiEvaluation>();
  if (kpis.length === 0) {
    // No KPI can take the request: that is the request's mistake, said by the compiler.
    compileEval(catalog, request);
  }
  let firstError: string;
  try {
    const rows = await evalRows(catalog, { ...request, kpiIds: kpis.map((k) => k.id) }, runner);
    kpis.forEach((kpi, i) => done.set(kpi.id, evaluationFromRow(catalog, kpi, rows[i] ?? {})));
    return { catalog: catalog.name, at: atOf(request, rows), kpis: inOrder(done) };
  } catch (e) {
    firstError = messageOf(e);
  }
  if (kpis.length === 1) {
    done.set(kpis[0].id, failedEvaluation(kpis[0], firstError));
    return { catalog: catalog.name, at: atOf(request, []), kpis: inOrder(done) };
  }
  // Every part must see the same instant as the others: fix `now()` once.
  let fixed: EvalRequest;
  try {
    fixed = { ...request, at: await fixedAnchor(request.at, runner) };
  } catch (e) {
    kpis.forEach((k) => done.set(k.id, failedEvaluation(k, messageOf(e))));
    return { catalog: catalog.name, at: atOf(request, []), kpis: inOrder(done) };
  }
  // Halves of the group that failed, depth first; one at a time: a runner may hold a single connection.
  const groups: Kpi[][] = halves(kpis);
  for (let group = groups.shift(); group; group = groups.shift()) {
    if (clock() >= deadline) {
      const why = `not evaluated: the request used its ${Math.round((options.budgetMs ?? 0) / 1000)} s; the combined statement failed with: ${firstError}`;
      [group, ...groups].flat().forEach((k) => done.set(k.id, failedEvaluation(k, why)));
      break;
    }
    try {
      const rows = await evalRows(catalog, { ...fixed, kpiIds: group.map((k) => k.id) }, runner);
      group.forEach((kpi, i) => done.set(kpi.id, evaluationFromRow(catalog, kpi, rows[i] ?? {})));
    } catch (e) {
      if (group.length === 1) {
        done.set(group[0].id, failedEvaluation(group[0], messageOf(e)));
      } else {
        groups.unshift(...halves(group));
      }
    }
  }
  return { catalog: catalog.name, at: atOf(fixed, []), kpis: inOrder(done) };
}

function halves(kpis: Kpi[]): Kpi[][] {
  const middle = Math.ceil(kpis.length / 2);
  return [kpis.slice(0, middle), kpis.slice(middle)];
}

/**
 * The requested KPIs the request cannot apply to, with the reason (a dimension filter their
 * source does not declare): they fail alone while the others are evaluated.
 */
export function refusedKpis(catalog: Catalog, request: EvalRequest): Map<string, string> {
  const refused = new Map<string, string>();
  for (const kpi of requestedKpis(catalog, request.kpiIds)) {
    const reason = requestProblem(catalog, request, kpi);
    if (reason !== undefined) {
      refused.set(kpi.id, reason);
    }
  }
  return refused;
}

/** Why the request cannot apply to this KPI (e.g. a filter on a dimension its source lacks), or undefined. */
function requestProblem(catalog: Catalog, request: EvalRequest, kpi: Kpi): string | undefined {
  if (!request.filters || request.filters.length === 0) {
    return undefined;
  }
  try {
    compileEval(catalog, { ...request, kpiIds: [kpi.id] });
    return undefined;
  } catch (e) {
    if (e instanceof OpenKpiError) {
      return messageOf(e);
    }
    throw e;
  }
}

/**
 * Runs the eval statement of a request: one row per requested KPI, completed with what the
 * compiler already knew of it (at a literal instant, the instant and the windows).
 */
async function evalRows(
  catalog: Catalog,
  request: EvalRequest,
  runner: SqlRunner
): Promise<Array<Record<string, unknown>>> {
  const statement = compileEvalStatement(catalog, request);
  const rows = await runner.query(statement.sql);
  const count = Math.max(rows.length, statement.constants.length);
  return Array.from({ length: count }, (_, i) => ({ ...statement.constants[i], ...rows[i] }));
}

/** A literal anchor for `now()`: the database's clock, read once. */
async function fixedAnchor(at: Anchor, runner: SqlRunner): Promise<Anchor> {
  if (at.kind === 'instant') {
    return at;
  }
  const rows = await runner.query(`SELECT ${epochMs('now()')} AS at_ms`);
  return instant(new Date(numberOrNull(rows[0]?.at_ms) ?? Date.now()));
}

/** The instant of the evaluation: the literal, or what the database said `now()` was. */
function atOf(request: EvalRequest, rows: Array<Record<string, unknown>>): string {
  if (request.at.kind === 'instant') {
    return request.at.at.toISOString();
  }
  return isoOrNull(rows[0]?.at_ms) ?? new Date().toISOString();
}
