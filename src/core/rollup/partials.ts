import type { AggregateMeasure, Catalog, Kpi, Source } from '../catalog/model';
import { aggregateRule } from '../rules/aggregates';
import { numberLiteral } from '../sql/quote';
import { ddQuantileSql, hllEstimateSql, SketchKind } from './sketches';

/**
 * How each measure splits into partial aggregates per hour and merges back. A partial is one
 * column of the rollup table: computed over raw rows (`s.…`) when the table is refreshed and for
 * the ragged edges of a window, and merged over the union of both. The merge gives exactly what
 * the raw aggregate gives for counts, sums (integer and numeric columns; float sums up to
 * rounding, as the raw sum itself depends on scan order), min/max, avg, last, ratios and NPS.
 * Percentiles and distinct counts merge only as sketches (approximate: true).
 */

export type PartialKind = 'count' | 'sum' | 'min' | 'max' | 'last_time' | 'last_value' | 'dd' | 'hll';

/** One column of a rollup table. */
export interface PartialDef {
  kind: PartialKind;
  /** The aggregated expression (admin SQL over source columns), absent for count(*). */
  expression?: string;
  /** The rows it aggregates: KPI filter AND measure filter (admin SQL), or none. */
  condition?: string;
}

/** The rows' time column, as the partial's `last` ordering needs it. */
export interface PartialContext {
  time: string;
}

/** A measure's merge over partial columns: `column(def)` gives the SQL name of a partial in the union. */
export type Merge = (column: (def: PartialDef) => string, sketch: SketchAccess) => string;

/** For sketches: the rows `(k, n)` of a sketch partial over the window (rollup hours and raw edges). */
export interface SketchAccess {
  rows(def: SketchDef): string;
  /** A distinct count's value from the `hll` extension's sketches, when the rollup has them (hllExtension.ts). */
  distinct?(def: SketchDef): string | undefined;
}

/** A partial held as a sketch (a row of the sketch table). */
export type SketchDef = PartialDef & { kind: SketchKind };

/** Sketch partials live as rows of the sketch table, not as columns. */
export function isSketch(def: PartialDef): def is SketchDef {
  return def.kind === 'dd' || def.kind === 'hll';
}

/** A KPI's value from partials: the partial columns it needs and how they merge. */
export interface MeasurePlan {
  partials: PartialDef[];
  merge: Merge;
  /** True when a sketch answers (eval reports the KPI as approximate). */
  approximate: boolean;
  /** A percentile from a histogram sketch: the sketch and the fraction (a statement may merge it itself). */
  quantile?: { def: SketchDef; fraction: number };
  /** A distinct count from a HyperLogLog sketch: the sketch (a statement may union it itself). */
  distinct?: SketchDef;
}

const and = (...conditions: Array<string | undefined>): string | undefined => {
  const present = conditions.filter((c): c is string => c !== undefined && c !== '');
  return present.length === 0 ? undefined : present.map((c) => `(${c})`).join(' AND ');
};

/** Stable identity of a partial (dedupe across KPIs, column naming). */
export function partialKey(def: PartialDef): string {
  return JSON.stringify([def.kind, def.expression ?? null, def.condition ?? null]);
}

/** A partial aggregate over the source rows `s`. */
export function partialSql(def: PartialDef, ctx: PartialContext): string {
  const e = def.expression === undefined ? undefined : `(${def.expression})`;
  const filter = def.condition === undefined ? '' : ` FILTER (WHERE ${def.condition})`;
  switch (def.kind) {
    case 'count':
      return `count(${e ?? '*'})${filter}`;
    case 'sum':
    case 'min':
    case 'max':
      return `${def.kind}(${e})${filter}`;
    case 'last_time':
      return `max(${ctx.time})${filter}`;
    case 'last_value':
      // E on the latest row; among rows with the same time the largest E (as the raw `last`).
      return `(array_agg((${e})::double precision ORDER BY ${ctx.time} DESC, ${e} DESC NULLS LAST)${filter})[1]`;
    case 'dd':
    case 'hll':
      throw new Error('a sketch is rows of the sketch table, not a column');
  }
}

const float8 = (sql: string) => `(${sql})::double precision`;

/**
 * An exact aggregate measure (count, sum, avg, min, max, last) over rows satisfying `kpiFilter`
 * from partials: undefined for a percentile or a distinct count.
 */
export function exactAggregatePlan(m: AggregateMeasure, kpiFilter: string | undefined): MeasurePlan | undefined {
  const plan = aggregatePlan(m, kpiFilter, false);
  return plan && !plan.partials.some(isSketch) ? plan : undefined;
}

/** An aggregate measure of a KPI whose rows satisfy `kpiFilter`; undefined when it cannot merge. */
function aggregatePlan(
  m: AggregateMeasure,
  kpiFilter: string | undefined,
  approximate: boolean
): MeasurePlan | undefined {
  const condition = and(kpiFilter, m.filter);
  const def = <K extends PartialKind>(kind: K): PartialDef & { kind: K } => ({
    kind,
    expression: m.expression,
    condition,
  });
  const rule = aggregateRule(m.aggregate);
  switch (rule.merge) {
    case 'count': {
      const c = def('count');
      return { partials: [c], merge: (col) => float8(`coalesce(sum(${col(c)}), 0)`), approximate: false };
    }
    case 'sum': {
      const s = def('sum');
      return { partials: [s], merge: (col) => float8(`coalesce(sum(${col(s)}), 0)`), approximate: false };
    }
    case 'avg': {
      const s = def('sum');
      const c = def('count');
      return {
        partials: [s, c],
        merge: (col) => float8(`sum(${col(s)}) / NULLIF(sum(${col(c)}), 0)`),
        approximate: false,
      };
    }
    case 'min':
    case 'max': {
      const x = def(rule.merge);
      return { partials: [x], merge: (col) => float8(`${rule.merge}(${col(x)})`), approximate: false };
    }
    case 'last': {
      const t = def('last_time');
      const v = def('last_value');
      return {
        partials: [t, v],
        // Hours are disjoint: the latest hour's value is the latest row's.
        merge: (col) =>
          `(array_agg(${col(v)} ORDER BY ${col(t)} DESC, ${col(v)} DESC NULLS LAST) FILTER (WHERE ${col(t)} IS NOT NULL))[1]`,
        approximate: false,
      };
    }
    case 'distinct_sketch': {
      if (!approximate) {
        return undefined;
      }
      const h = def('hll');
      return {
        partials: [h],
        merge: (_col, sketch) => sketch.distinct?.(h) ?? hllEstimateSql(sketch.rows(h)),
        approximate: true,
        distinct: h,
      };
    }
    case 'quantile_sketch': {
      if (rule.fraction === undefined || !approximate) {
        return undefined;
      }
      const d = def('dd');
      const fraction = Number(rule.fraction);
      return {
        partials: [d],
        merge: (_col, sketch) => ddQuantileSql(sketch.rows(d), fraction),
        approximate: true,
        quantile: { def: d, fraction },
      };
    }
  }
}

/** Whether a KPI (or its catalog) opted into sketches for percentiles and distinct counts. */
export function isApproximate(catalog: Catalog, kpi: Kpi): boolean {
  return kpi.approximate ?? catalog.approximate ?? false;
}

/**
 * How a KPI's measure comes from partials, or undefined when it cannot (formula and manual KPIs,
 * exact percentiles and distinct counts).
 */
export function measurePlan(catalog: Catalog, kpi: Kpi, source: Source): MeasurePlan | undefined {
  return source.manual ? undefined : rowPartialsPlan(catalog, kpi);
}

/**
 * How a row KPI's measure comes from partials over any slices of its rows (rollup hours, a
 * one-pass trend's slices), manual KPIs included; undefined as in measurePlan otherwise.
 */
export function rowPartialsPlan(catalog: Catalog, kpi: Kpi): MeasurePlan | undefined {
  if (kpi.measure.kind === 'formula') {
    return undefined;
  }
  const approximate = isApproximate(catalog, kpi);
  const m = kpi.measure;
  switch (m.kind) {
    case 'aggregate':
      return aggregatePlan(m, kpi.filter, approximate);
    case 'ratio': {
      const n = aggregatePlan(m.numerator, kpi.filter, approximate);
      const d = aggregatePlan(m.denominator, kpi.filter, approximate);
      if (!n || !d) {
        return undefined;
      }
      return {
        partials: [...n.partials, ...d.partials],
        // As the raw ratio: both parts double precision, a zero denominator gives null.
        merge: (col, sketch) =>
          `(${numberLiteral(m.scale)} * ${n.merge(col, sketch)} / NULLIF(${d.merge(col, sketch)}, 0))`,
        approximate: n.approximate || d.approximate,
      };
    }
    case 'nps': {
      const e = `(${m.expression})`;
      const own = and(kpi.filter, m.filter);
      const promoters: PartialDef = { kind: 'count', condition: and(`${e} >= 9`, own) };
      const detractors: PartialDef = { kind: 'count', condition: and(`${e} <= 6`, own) };
      const scored: PartialDef = { kind: 'count', expression: m.expression, condition: own };
      const n = (col: (d: PartialDef) => string, d: PartialDef) => `coalesce(sum(${col(d)}), 0)::bigint`;
      return {
        partials: [promoters, detractors, scored],
        // The raw NPS's arithmetic on the same bigint counts.
        merge: (col) =>
          `(100.0 * (${n(col, promoters)} - ${n(col, detractors)}) / NULLIF(${n(col, scored)}, 0))::double precision`,
        approximate: false,
      };
    }
    default:
      // Growth KPIs read another KPI's value and previous: no partials of their own.
      return undefined;
  }
}
