import type { Catalog, Kpi, Source } from '../catalog/model';
import { DimensionFilter, filterConditions } from '../compiler/filters';
import { fromClause, sourceOf, timeColumn } from '../compiler/sources';
import { quoteIdent, quoteLiteral } from '../sql/quote';
import { isSketch, MeasurePlan, measurePlan, PartialDef, partialSql, SketchAccess, SketchDef } from './partials';
import { unpackSketchSql } from './sketches';
import { hllDistinctSql } from './hllExtension';
import {
  ceilHour,
  closedBeforeSql,
  closedHoursEndSql,
  columnOf,
  groupingBits,
  hourAndDayRanges,
  planOf,
  rawEdgesSql,
  rollupPlans,
  RollupPlan,
  sketchOf,
  sketchRowsSql,
  withWholeDaysSql,
} from './plan';

/**
 * The conditions on rollup rows (`alias`) that select the viewer's filters: the grouping set of
 * the one dimension filtered or grouped by (`by`), or of none, and the filtered values. Undefined
 * for two dimensions (the rollup keeps single-dimension sets only).
 */
export function rolledConditions(
  source: Source,
  filters: DimensionFilter[],
  by?: string
): ((alias: string) => string[]) | undefined {
  const dimensions = [...new Set([...filters.map((f) => f.dimension), ...(by === undefined ? [] : [by])])];
  if (dimensions.length > 1) {
    return undefined;
  }
  return (alias) => [
    `${alias}.grp = ${groupingBits(source, dimensions[0])}`,
    ...filters.map((f) =>
      f.values.length === 0
        ? 'false'
        : `${alias}.${quoteIdent(f.dimension)} IN (${f.values.map(quoteLiteral).join(', ')})`
    ),
  ];
}

/**
 * A KPI's measure over a window from its rollup (whole closed hours; for sketches whole closed
 * days from the day rows) and raw rows (the edges).
 */
export interface RollupRead {
  sql: string;
  /** A sketch answers: the value is within the stated bound, not exact. */
  approximate: boolean;
  table: string;
  /** The `hll` extension's table whose sketches gave a distinct count (hllExtension.ts), if any. */
  hll?: string;
  /** A distinct count merged from the plain-SQL HyperLogLog registers (no extension). */
  registers?: boolean;
}

/**
 * The measure of `kpi` over `[from, to)` (SQL instants) as a scalar subquery that reads the
 * rollup for the whole hours of the window that the rollup has closed (a sketch: the day rows for
 * the whole days among them, the hourly rows for the hours around them), and raw rows for the rest
 * (the ragged edges, and everything after the closed boundary). Without a state row for this
 * rollup's definition the boundary is -infinity, so the raw rows answer alone: a stale or
 * outdated rollup is never misread. Undefined when the rollup cannot answer (no plan for the
 * KPI, or filters on more than one dimension).
 */
export function rollupValueSql(
  catalog: Catalog,
  kpi: Kpi,
  bounds: { from: string; to: string },
  filters: DimensionFilter[] = [],
  plans: RollupPlan[] = rollupPlans(catalog)
): RollupRead | undefined {
  const read = windowRead(catalog, kpi, bounds, filters, plans);
  if (!read) {
    return undefined;
  }
  const value = mergesSql(read, [{ measure: read.measure }]);
  return { sql: `(${value})`, approximate: read.measure.approximate, ...read.tables() };
}

/**
 * The values of several KPIs of one rollup over the same window `[from, to)`, read once (one
 * union of raw edges and hourly rows for all their partials): the body of a subquery whose
 * columns `v0, v1, …` are the KPIs' values in order. Undefined when one of them is not answered
 * by that rollup (rollupValueSql).
 */
export function rollupValuesSql(
  catalog: Catalog,
  kpis: Kpi[],
  bounds: { from: string; to: string },
  filters: DimensionFilter[],
  plans: RollupPlan[]
): string | undefined {
  const read = windowRead(catalog, kpis[0], bounds, filters, plans);
  const measures = kpis.map((k) =>
    read && planOf(plans, k) === read.plan ? measurePlan(catalog, k, read.source) : undefined
  );
  if (!read || measures.some((m) => m === undefined)) {
    return undefined;
  }
  return mergesSql(
    read,
    measures.map((measure, i) => ({ measure: measure!, name: `v${i}` }))
  );
}

/** `WITH w …[, parts …] SELECT <merge>[ AS name], …`: measures merged over one window read. */
function mergesSql(read: WindowRead, merges: Array<{ measure: MeasurePlan; name?: string }>): string {
  const { plan, source, window, sketch, rawDims, edges, hours } = read;
  const t = timeColumn(source);
  const col = (d: PartialDef) => columnOf(plan, d);
  const values = merges
    .map(({ measure, name }) => `${measure.merge(col, sketch)}${name === undefined ? '' : ` AS ${name}`}`)
    .join(', ');
  const wide = merges.flatMap(({ measure }) => measure.partials.filter((d) => !isSketch(d)));
  if (wide.length === 0) {
    return `${window} SELECT ${values}`;
  }
  const columns = [...new Set(wide.map(col))];
  const rawColumns = columns.map(
    (c) => `${partialSql(plan.columns.find((x) => x.name === c)!.def, { time: t })} AS ${c}`
  );
  const parts = `parts AS (SELECT ${rawColumns.join(', ')} ${fromClause(source)}, w WHERE ${[...rawDims, edges].join(' AND ')}
    UNION ALL SELECT ${columns.map((c) => `r.${c}`).join(', ')} FROM ${quoteIdent(plan.table)} r, w WHERE ${hours.join(' AND ')})`;
  return `${window}, ${parts} SELECT ${values} FROM parts`;
}

/** What every read of a KPI's window from its rollup shares: the window row `w` and the sketch rows. */
interface WindowRead {
  plan: RollupPlan;
  source: Source;
  measure: MeasurePlan;
  /** `WITH w AS (…)`: the window's bounds, closed hours and whole days. */
  window: string;
  sketch: SketchAccess;
  /** The raw rows' dimension conditions, and their time condition (the ragged edges). */
  rawDims: string[];
  edges: string;
  /** The conditions on the rollup's hourly rows `r` inside the window. */
  hours: string[];
  /** Which tables the sketches read, once the merge has asked for them. */
  tables: () => Pick<RollupRead, 'table' | 'hll' | 'registers'>;
}

function windowRead(
  catalog: Catalog,
  kpi: Kpi,
  bounds: { from: string; to: string },
  filters: DimensionFilter[],
  plans: RollupPlan[]
): WindowRead | undefined {
  const plan = planOf(plans, kpi);
  const source = plan && sourceOf(catalog, kpi);
  const measure = source && measurePlan(catalog, kpi, source);
  const dimensions = [...new Set(filters.map((f) => f.dimension))];
  if (!plan || !source || !measure || dimensions.length > 1) {
    return undefined;
  }
  const t = timeColumn(source);
  const closed = closedBeforeSql(plan);
  // [lo, hi): the closed whole hours; [dlo, dhi) inside them: the whole days, whose sketches
  // come from the day rows (every hour of a day before the boundary is closed).
  const window = `WITH w AS (${withWholeDaysSql(`SELECT wf, wt, lo, ${closedHoursEndSql('lo', 'wt', closed)} AS hi
    FROM (SELECT wf, wt, ${ceilHour('wf')} AS lo FROM (SELECT ${bounds.from} AS wf, ${bounds.to} AS wt) b) c`)})`;
  const rawDims = filterConditions(kpi, source, filters);
  const edges = rawEdgesSql(t, 'w');
  const rolled = rolledConditions(source, filters)!('r');
  const hll = plan.hll;
  let usedHll = false;
  let usedRegisters = false;
  const sketch: SketchAccess = {
    distinct: (d: SketchDef) => {
      if (!hll) {
        return undefined;
      }
      usedHll = true;
      return hllDistinctSql(plan, hll, d, sketchOf(plan, d), rawDims, rolledConditions(source, filters)!);
    },
    rows: (d: SketchDef) => {
      usedRegisters ||= d.kind === 'hll';
      const id = sketchOf(plan, d);
      const raw = sketchRowsSql(source, d, [...rawDims, edges], false).replace(
        fromClause(source),
        `${fromClause(source)}, w`
      );
      const packed = unpackSketchSql(d.kind, 'r');
      const read = (table: string[], range: string[]) =>
        `SELECT ${packed.select} FROM ${quoteIdent(table)} r CROSS JOIN w CROSS JOIN LATERAL ${packed.from} WHERE ${[`r.partial = ${id}`, ...range, ...rolled].join(' AND ')}`;
      return [raw, ...hourAndDayRanges('w').map((r) => read(r.days ? plan.dayTable : plan.sketchTable, r.range))].join(
        ' UNION ALL '
      );
    },
  };
  const tables = () => ({
    table: plan.table.join('.'),
    ...(usedHll && hll ? { hll: hll.table.join('.') } : {}),
    ...(usedRegisters ? { registers: true } : {}),
  });
  const hours = ['r.hour >= w.lo', 'r.hour < w.hi', ...rolled];
  return { plan, source, measure, window, sketch, rawDims, edges, hours, tables };
}

/** A percentile KPI's histogram over a window from its rollup's sketches: rows `(k, n)`, and its fraction. */
export interface RollupHistogram {
  /** A subquery of rows `(k, n)` (a key may repeat: sum them), over the bounds' SQL. */
  rows: string;
  fraction: number;
  table: string;
}

/**
 * The histogram rows a rollup gives for a percentile KPI with `approximate: true` over
 * `[from, to)`, as rollupValueSql reads them (day rows, hourly rows, raw edges), for a statement
 * that merges them itself (compiler/trendSketch.ts); undefined for any other KPI.
 */
export function rollupHistogramSql(
  catalog: Catalog,
  kpi: Kpi,
  bounds: { from: string; to: string },
  filters: DimensionFilter[],
  plans: RollupPlan[]
): RollupHistogram | undefined {
  const read = windowRead(catalog, kpi, bounds, filters, plans);
  const quantile = read?.measure.quantile;
  if (!read || !quantile) {
    return undefined;
  }
  return {
    rows: `${read.window} SELECT k, n FROM (${read.sketch.rows(quantile.def)}) h`,
    fraction: quantile.fraction,
    table: read.plan.table.join('.'),
  };
}

/** A distinct-count KPI's `hll` sketch over a window from its rollup's `hll` tables, and the extension's schema. */
export interface RollupHllUnion {
  /** A scalar subquery: the union (NULL without rows), over the bounds' SQL. */
  sql: string;
  schema: string;
  table: string;
}

/**
 * The `hll` sketch a rollup with the extension's tables gives for a distinct count with
 * `approximate: true` over `[from, to)`, as rollupValueSql unions it (day rows, hourly rows, the
 * raw edges' sketch), for a statement that unions such sketches further (compiler/trendHll.ts);
 * undefined for any other KPI, or without the extension's tables.
 */
export function rollupHllUnionSql(
  catalog: Catalog,
  kpi: Kpi,
  bounds: { from: string; to: string },
  filters: DimensionFilter[],
  plans: RollupPlan[]
): RollupHllUnion | undefined {
  const read = windowRead(catalog, kpi, bounds, filters, plans);
  const def = read?.measure.distinct;
  const hll = read?.plan.hll;
  if (!read || !def || !hll || kpi.measure.kind !== 'aggregate') {
    return undefined;
  }
  const union = hllDistinctSql(
    read.plan,
    hll,
    def,
    sketchOf(read.plan, def),
    read.rawDims,
    rolledConditions(read.source, filters)!,
    'sketch'
  );
  return { sql: `(${read.window} SELECT ${union})`, schema: hll.schema, table: hll.table.join('.') };
}
