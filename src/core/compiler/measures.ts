import { AggregateMeasure, AggregateName, RowMeasure } from '../catalog/model';
import { numberLiteral } from '../sql/quote';

/**
 * A measure as one SQL aggregate expression over the source rows (alias `s`), typed double
 * precision. The same expression serves a scalar subquery (eval, series) and a GROUP BY
 * (breakdown). Formula measures are not aggregates: see kpiSql.ts.
 */

type AggregateSql = (expression: string, filter: string, time: string) => string;

const PERCENTILES: Partial<Record<AggregateName, string>> = {
  p50: '0.5',
  p75: '0.75',
  p90: '0.9',
  p95: '0.95',
  p99: '0.99',
};

const percentile =
  (fraction: string): AggregateSql =>
  (e, f) =>
    `percentile_cont(${fraction}) WITHIN GROUP (ORDER BY (${e})::double precision)${f}`;

/** Each aggregate's SQL; `f` is ` FILTER (WHERE …)` or empty. Closed table: no model string is spliced. */
const AGGREGATES: Record<AggregateName, AggregateSql> = {
  count: (e, f) => (e === '' ? `count(*)${f}` : `count(${e})${f}`),
  count_distinct: (e, f) => `count(DISTINCT ${e})${f}`,
  // SUM of no rows is 0 for a KPI (docs/catalog.md, Measures), not SQL's NULL.
  sum: (e, f) => `coalesce(sum(${e})${f}, 0)`,
  avg: (e, f) => `avg(${e})${f}`,
  min: (e, f) => `min(${e})${f}`,
  max: (e, f) => `max(${e})${f}`,
  p50: percentile(PERCENTILES.p50!),
  p75: percentile(PERCENTILES.p75!),
  p90: percentile(PERCENTILES.p90!),
  p95: percentile(PERCENTILES.p95!),
  p99: percentile(PERCENTILES.p99!),
  // E on the latest row; among rows with the same time, the largest E (DESC puts NULLs first).
  last: (e, f, time) => `(array_agg((${e})::double precision ORDER BY ${time} DESC, (${e}) DESC NULLS LAST)${f})[1]`,
};

function filterClause(conditions: Array<string | undefined>): string {
  const present = conditions.filter((c): c is string => c !== undefined && c !== '');
  return present.length === 0 ? '' : ` FILTER (WHERE ${present.map((c) => `(${c})`).join(' AND ')})`;
}

/** One aggregate as SQL (double precision). */
export function aggregateSql(m: AggregateMeasure, time: string): string {
  const expression = m.expression === undefined ? '' : `(${m.expression})`;
  return `(${AGGREGATES[m.aggregate](expression, filterClause([m.filter]), time)})::double precision`;
}

/** A non-formula measure as one SQL expression of aggregates (double precision). */
export function measureSql(m: RowMeasure, time: string): string {
  switch (m.kind) {
    case 'aggregate':
      return aggregateSql(m, time);
    case 'ratio':
      // NULLIF: a zero denominator gives null, not a division error.
      return `(${numberLiteral(m.scale)} * ${aggregateSql(m.numerator, time)} / NULLIF(${aggregateSql(m.denominator, time)}, 0))`;
    case 'nps': {
      const e = `(${m.expression})`;
      const promoters = `count(*)${filterClause([`${e} >= 9`, m.filter])}`;
      const detractors = `count(*)${filterClause([`${e} <= 6`, m.filter])}`;
      const scored = `count(${e})${filterClause([m.filter])}`;
      return `(100.0 * (${promoters} - ${detractors}) / NULLIF(${scored}, 0))::double precision`;
    }
  }
}

/** The filter that decides which rows a measure judges: its own, a ratio's denominator's. */
function ownFilter(m: RowMeasure): string | undefined {
  return m.kind === 'ratio' ? m.denominator.filter : m.filter;
}

/**
 * The volume of a measure (docs/catalog.md: Minimum volume) as an aggregate over the same rows as the measure: rows
 * passing the measure's own filter (a ratio's denominator's), double precision. An aggregate
 * expression, so it can share the measure's scan.
 */
export function volumeSql(m: RowMeasure): string {
  return `(count(*)${filterClause([ownFilter(m)])})::double precision`;
}

/** The measure with `condition` ANDed into every aggregate's filter (one scan, several windows). */
export function withCondition(m: RowMeasure, condition: string): RowMeasure {
  const and = (filter?: string) => (filter === undefined ? condition : `(${filter}) AND (${condition})`);
  switch (m.kind) {
    case 'aggregate':
      return { ...m, filter: and(m.filter) };
    case 'ratio':
      return {
        ...m,
        numerator: { ...m.numerator, filter: and(m.numerator.filter) },
        denominator: { ...m.denominator, filter: and(m.denominator.filter) },
      };
    case 'nps':
      return { ...m, filter: and(m.filter) };
  }
}
