import { rollingMs } from '../catalog/duration';
import { AggregateMeasure, Catalog, Kpi, Measure } from '../catalog/model';
import { numberLiteral, quoteLiteral } from '../sql/quote';
import { aggregateRule } from '../rules/aggregates';
import { epochMs } from './epoch';
import { DimensionFilter, filterConditions } from './filters';
import { fromClause, ownRowsConditions, sourceOf, timeColumn, whereClause } from './sources';
import { targetSql } from './targets';
import { absoluteInterval } from './windows';

/**
 * A trend (each point: the KPI with its own window at the point's end) in one pass over the
 * rows, when the window and step are rolling and the measure is made of counts, minima, maxima,
 * sums and averages: rows are aggregated once into slices of gcd(step, window) (`date_bin`), and
 * each point combines the slices its window covers. Counts add up and min/max combine exactly,
 * whatever the order. Sums and averages combine exactly when their expression is an integer or
 * numeric (exact arithmetic: the same sum, the same numeric division as avg); a floating-point sum
 * would come out in the last bits differently from the row-by-row sum, so the statement checks the
 * expression's type first (`pg_typeof`, no scan) and evaluates point by point instead when it is
 * not exact (seriesQuery.ts). Percentiles, distinct counts and `last` need the rows: point by point.
 */

interface Part {
  /** The aggregate over the rows of a slice. */
  partial: string;
  /** How the slices' partials combine over a window. */
  combine: (x: string) => string;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

const filterOf = (conditions: Array<string | undefined>) => {
  const present = conditions.filter((c): c is string => c !== undefined);
  return present.length === 0 ? '' : ` FILTER (WHERE ${present.map((c) => `(${c})`).join(' AND ')})`;
};

/** Expressions whose sums must be exact for the one pass to be (checked by the statement). */
type Exact = string[];

/** A count, min, max or sum as a slice partial; undefined when it does not combine exactly. */
function part(m: AggregateMeasure, exact: Exact, extra?: string): Part | undefined {
  const e = m.expression === undefined ? undefined : `(${m.expression})`;
  const f = filterOf([extra, m.filter]);
  const { merge } = aggregateRule(m.aggregate);
  switch (merge) {
    case 'count':
      return { partial: `count(${e ?? '*'})${f}`, combine: (x) => `coalesce(sum(${x}), 0)::float8` };
    case 'min':
    case 'max':
      return { partial: `${merge}(${e})${f}`, combine: (x) => `${merge}(${x})::float8` };
    case 'sum':
      exact.push(e!);
      // SUM of no rows is 0 for a KPI (docs/catalog.md, Measures).
      return { partial: `sum(${e})${f}`, combine: (x) => `coalesce(sum(${x}), 0)::float8` };
    default:
      return undefined;
  }
}

/** The measure as slice partials and the value over combined partials. */
function parts(
  m: Exclude<Measure, { kind: 'formula' }>,
  exact: Exact
): { parts: Part[]; value: (p: string[]) => string } | undefined {
  switch (m.kind) {
    case 'aggregate': {
      if (aggregateRule(m.aggregate).merge === 'avg') {
        // avg is numeric_div(sum, count) over exact inputs: the same division of the same numbers.
        const e = `(${m.expression})`;
        const f = filterOf([m.filter]);
        exact.push(e);
        return {
          parts: [
            { partial: `sum(${e})${f}`, combine: (x) => `sum(${x})::numeric` },
            { partial: `count(${e})${f}`, combine: (x) => `sum(${x})::numeric` },
          ],
          value: ([total, n]) => `(${total} / NULLIF(${n}, 0))::float8`,
        };
      }
      const p = part(m, exact);
      return p && { parts: [p], value: ([v]) => v };
    }
    case 'ratio': {
      const [n, d] = [part(m.numerator, exact), part(m.denominator, exact)];
      return n && d && { parts: [n, d], value: ([a, b]) => `(${numberLiteral(m.scale)} * ${a} / NULLIF(${b}, 0))` };
    }
    case 'nps': {
      const e = `(${m.expression})`;
      const count = (extra?: string, expression?: string): Part => ({
        partial: `count(${expression ?? '*'})${filterOf([extra, m.filter])}`,
        combine: (x) => `sum(${x})`,
      });
      return {
        parts: [count(`${e} >= 9`), count(`${e} <= 6`), count(undefined, e)],
        value: ([p, d, n]) => `(100.0 * (${p} - ${d}) / NULLIF(${n}, 0))::float8`,
      };
    }
    default:
      // Growth (and formula) KPIs are computed from other KPIs: no one-pass partials.
      return undefined;
  }
}

export interface TrendRequest {
  from: Date;
  to: Date;
  stepMs: number;
  filters: DimensionFilter[];
}

/** A one-pass trend: its statement, and the expressions that must be exact for it to be used. */
export interface OnePass {
  /** `time_ms, value, target, warning, critical` per point, ordered by time. */
  sql: string;
  /** Sum and average expressions: the one pass holds only when each is an integer or numeric. */
  exact: string[];
}

/** The one-pass trend, or undefined when the measure cannot be combined from slices. */
export function compileTrendOnePass(catalog: Catalog, kpi: Kpi, request: TrendRequest): OnePass | undefined {
  if (kpi.window.kind !== 'rolling' || kpi.measure.kind === 'formula' || kpi.measure.kind === 'growth') {
    return undefined;
  }
  const exact: Exact = [];
  const measure = parts(kpi.measure, exact);
  if (!measure) {
    return undefined;
  }
  const source = sourceOf(catalog, kpi);
  const t = timeColumn(source);
  const step = request.stepMs;
  const window = rollingMs(kpi.window);
  const slice = gcd(step, window);
  const count = Math.ceil((request.to.getTime() - request.from.getTime()) / step);
  if (count <= 0) {
    return undefined;
  }
  const at = (ms: number) => `${quoteLiteral(new Date(ms).toISOString())}::timestamptz`;
  const first = request.from.getTime() + step;
  const last = request.from.getTime() + count * step;
  const origin = first - window;
  const where = whereClause([
    ...ownRowsConditions(source, kpi),
    `${t} >= ${at(origin)}`,
    `${t} < ${at(last)}`,
    ...(kpi.filter ? [`(${kpi.filter})`] : []),
    ...filterConditions(kpi, source, request.filters),
  ]);
  const partials = measure.parts.map((p, i) => `${p.partial} AS p${i}`);
  const combined = measure.parts.map((p, i) => p.combine(`x.p${i}`));
  const inForce = targetSql(kpi, 'b.e', catalog.timezone);
  const thresholds = `${inForce.target} AS target, ${inForce.warning} AS warning, ${inForce.critical} AS critical`;
  const sql = [
    `WITH buckets AS (SELECT generate_series(${at(first)}, ${at(last)}, ${absoluteInterval(step)}) AS e),`,
    `slices AS (`,
    `  SELECT date_bin(${absoluteInterval(slice)}, ${t}, ${at(origin)}) AS slice, ${partials.join(', ')}`,
    `  ${fromClause(source)}`,
    `  ${where}`,
    `  GROUP BY 1`,
    `)`,
    `SELECT ${epochMs('b.e')} AS time_ms, ${measure.value(combined)} AS value, ${thresholds}`,
    `FROM buckets b`,
    `LEFT JOIN slices x ON x.slice >= b.e - ${absoluteInterval(window)} AND x.slice < b.e`,
    `GROUP BY b.e`,
    `ORDER BY b.e`,
  ].join('\n');
  return { sql, exact: [...new Set(exact)] };
}

/** SQL types whose sums PostgreSQL computes exactly. */
const EXACT_TYPES = ['smallint', 'integer', 'bigint', 'numeric'];

/**
 * `true` when every expression is of an exact type: read from the expressions' static types
 * (`pg_typeof` over one row of NULLs: the source is joined on false, so nothing is scanned).
 */
export function exactTypesSql(catalog: Catalog, kpi: Kpi, expressions: string[]): string {
  const relation = fromClause(sourceOf(catalog, kpi)).replace(/^FROM /, '');
  const checks = expressions.map((e) => `pg_typeof(${e})::text IN (${EXACT_TYPES.map((t) => `'${t}'`).join(', ')})`);
  return `SELECT ${checks.join(' AND ')} AS exact FROM (SELECT 1) one LEFT JOIN ${relation} ON false`;
}
