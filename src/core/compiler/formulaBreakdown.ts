import { formulaRefs } from '../catalog/formula';
import { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { formulaSql } from './formulaSql';
import { kpiById } from './kpiSql';

/**
 * An operand broken down: a statement of `key, value` rows, one per key, and the path it takes; or,
 * `whole`, a statement of one `value` row (an operand that lacks the dimension) used on every key.
 */
export interface KeyedRows {
  sql: string;
  path: string;
  whole?: boolean;
}

/**
 * A formula KPI per dimension value: each operand broken down on its own (its window, filter and
 * path), then the formula applied per key over every key some broken-down operand has; operands
 * taken whole join every key. An operand without rows for a key gives that key no value (null), as
 * a null operand does for the whole KPI: no figure is invented for it, not even the 0 a count has
 * over no rows.
 */
export function formulaBreakdownSql(
  catalog: Catalog,
  kpi: Kpi,
  operandRows: (operand: Kpi) => KeyedRows
): { sql: string; operands: string[]; paths: string[] } {
  if (kpi.measure.kind !== 'formula') {
    throw new OpenKpiError(`KPI ${kpi.id} is not a formula KPI`);
  }
  const operands = formulaRefs(kpi.measure.ast);
  const alias = new Map(operands.map((id, i) => [id, `o${i + 1}`]));
  const rows = operands.map((id) => operandRows(kpiById(catalog, id)));
  const ctes = operands.map((id, i) => `${alias.get(id)} AS (${rows[i].sql})`);
  const keyed = operands.filter((_, i) => !rows[i].whole);
  if (keyed.length === 0) {
    throw new OpenKpiError(`KPI ${kpi.id}: no KPI it uses is broken down`);
  }
  const keys = keyed.map((id) => `SELECT key FROM ${alias.get(id)}`).join(' UNION ');
  // Keys are text (NULL for rows without a value): NULL matches NULL here. A whole value has one row.
  const joins = operands.map((id, i) =>
    rows[i].whole
      ? `CROSS JOIN ${alias.get(id)}`
      : `LEFT JOIN ${alias.get(id)} ON ${alias.get(id)}.key IS NOT DISTINCT FROM k.key`
  );
  const value = formulaSql(kpi.measure.ast, (id) => `${alias.get(id)}.value`);
  const sql = [`WITH ${ctes.join(',\n')}`, `SELECT k.key, ${value} AS value`, `FROM (${keys}) k`, ...joins].join('\n');
  return { sql, operands, paths: rows.map((r) => r.path) };
}
