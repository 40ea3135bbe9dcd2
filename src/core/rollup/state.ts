import { quoteIdent, quoteLiteral } from '../sql/quote';
import { RollupPlan, STATE_TABLE } from './plan';

/** An instant as SQL: null is `-infinity` (nothing closed yet). */
export const instantSql = (iso: string | null) =>
  iso === null ? `'-infinity'::timestamptz` : `${quoteLiteral(iso)}::timestamptz`;

/**
 * Records in the state table that `tableName` (a rollup table of `plan`) is aggregated up to
 * `closedBefore`: readers read its hours before that instant, raw rows after it.
 */
export function recordStateSql(
  tableName: string,
  plan: RollupPlan,
  closedBefore: string | null,
  lateSeconds: number
): string {
  return `INSERT INTO ${quoteIdent(STATE_TABLE)} AS s (table_name, catalog, source, definition, closed_before, late_seconds, refreshed_at)
     VALUES (${[tableName, plan.catalog, plan.source.name, plan.definition].map(quoteLiteral).join(', ')}, ${instantSql(closedBefore)}, ${lateSeconds}, now())
     ON CONFLICT (table_name) DO UPDATE SET catalog = EXCLUDED.catalog, source = EXCLUDED.source, definition = EXCLUDED.definition,
       closed_before = EXCLUDED.closed_before, late_seconds = EXCLUDED.late_seconds, refreshed_at = EXCLUDED.refreshed_at`;
}
