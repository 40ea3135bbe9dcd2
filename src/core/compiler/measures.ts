import { AggregateMeasure, RowMeasure } from '../catalog/model';
import { aggregateRule } from '../rules/aggregates';
import { numberLiteral } from '../sql/quote';

/**
 * A measure as one SQL aggregate expression over the source rows (alias `s`), typed double
 * precision. The same expression serves a scalar subquery (eval, series) and a GROUP BY
 * (breakdown). Formula measures are not aggregates: see kpiSql.ts. Each aggregate's SQL is its
 * entry in core/rules/aggregates.ts (a closed table: no model string is spliced).
 */

function filterClause(conditions: Array<string | undefined>): string {
  const present = conditions.filter((c): c is string => c !== undefined && c !== '');
  return present.length === 0 ? '' : ` FILTER (WHERE ${present.map((c) => `(${c})`).join(' AND ')})`;
}

/** One aggregate as SQL (double precision). */
export function aggregateSql(m: AggregateMeasure, time: string): string {
  const expression = m.expression === undefined ? '' : `(${m.expression})`;
  return `(${aggregateRule(m.aggregate).sql(expression, filterClause([m.filter]), time)})::double precision`;
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
