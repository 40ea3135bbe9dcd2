import { epochMs } from '../compiler/epoch';
import { booleanOf, isoOrNull, SqlRunner } from '../evaluation/runner';
import { quoteIdent, quoteLiteral } from '../sql/quote';
import {
  createHllSql,
  fillHllDaysSql,
  fillHllSql,
  hllDaysTableName,
  hllExtensionSql,
  hllSketches,
  hllTableName,
} from './hllExtension';
import { inTransaction, RefreshProgress, refreshInChunks } from './chunks';
import { RollupPlan, STATE_TABLE } from './plan';

/**
 * Maintains a rollup's hll table (hllExtension.ts) within the rollup's refresh, under its lock:
 * dropped when the rollup is rebuilt; where the `hll` extension is installed, created (and filled
 * from the source's first hour) when missing, else the hours from its own closed boundary minus
 * the late window up to `closed` deleted and aggregated again, as the rollup's, in chunks of whole
 * days (chunks.ts) whose state row records each new boundary. Without the extension nothing else
 * happens (readers then use the plain-SQL registers). Returns the table's name when it was
 * maintained.
 */
export async function refreshHllTable(
  plan: RollupPlan,
  runner: SqlRunner,
  options: {
    rebuild: boolean;
    closed: string;
    lateSeconds: number;
    onProgress?: (progress: RefreshProgress) => void;
  }
): Promise<string | undefined> {
  const table = hllTableName(plan);
  const days = hllDaysTableName(plan);
  const name = table[1];
  const dropBoth = `DROP TABLE IF EXISTS ${quoteIdent(table)}, ${quoteIdent(days)}`;
  const forget = `DELETE FROM ${quoteIdent(STATE_TABLE)} WHERE table_name = ${quoteLiteral(name)}`;
  const hasSketchColumn = (t: string[]) =>
    `EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass(${quoteLiteral(quoteIdent(t))}) AND a.attname = 'h' AND NOT a.attisdropped)`;
  if (options.rebuild) {
    await inTransaction(runner, [dropBoth, forget]);
  }
  if (hllSketches(plan).length === 0) {
    return undefined;
  }
  const [extension] = await runner.query(hllExtensionSql());
  const schema = typeof extension?.hll_schema === 'string' ? extension.hll_schema : undefined;
  if (schema === undefined) {
    return undefined;
  }
  // Usable: both tables with their sketch column (DROP EXTENSION … CASCADE drops the column; an
  // earlier version had no day rows) and a state row of this definition.
  const [state] = await runner.query(
    `SELECT ${epochMs('s.closed_before')} AS closed_ms, ${hasSketchColumn(table)} AND ${hasSketchColumn(days)} AS usable
     FROM (SELECT 1) one LEFT JOIN ${quoteIdent(STATE_TABLE)} s ON s.table_name = ${quoteLiteral(name)} AND s.definition = ${quoteLiteral(plan.definition)}`
  );
  const usable = booleanOf(state?.usable);
  const previous = usable ? isoOrNull(state?.closed_ms) : null;
  if (!usable || previous === null) {
    await inTransaction(runner, [dropBoth, forget, ...createHllSql(plan, schema)]);
  }
  await refreshInChunks(
    plan,
    runner,
    {
      stateName: name,
      table,
      hourly: [table],
      fillHours: (lo, hi) => fillHllSql(plan, schema, lo, hi),
      daily: [days],
      fillDays: (lo, hi) => [fillHllDaysSql(plan, schema, lo, hi)],
    },
    { previous, closed: options.closed, lateSeconds: options.lateSeconds, onProgress: options.onProgress }
  );
  return table.join('.');
}
