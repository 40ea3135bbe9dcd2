import { epochMs } from '../compiler/epoch';
import { booleanOf, isoOrNull, numberOrNull, SqlRunner } from '../evaluation/runner';
import { quoteIdent, quoteLiteral } from '../sql/quote';
import { inTransaction, RefreshProgress, refreshInChunks } from './chunks';
import { refreshHllTable } from './hllRefresh';
import { hllDaysTableName, hllTableName } from './hllExtension';
import { createSql, fillDaysSql, fillSql, floorHour, RollupPlan, SCHEMA, STATE_TABLE } from './plan';

/** What one source's refresh did. */
export interface RefreshResult {
  source: string;
  table: string;
  /** `skipped`: another refresh of this table held the lock. */
  status: 'refreshed' | 'rebuilt' | 'skipped';
  /**
   * Hours re-aggregated: `[from, closedBefore)` (from null: since the first row); the sketches'
   * day rows are rebuilt for the whole days from the day of `from`.
   */
  from?: string | null;
  closedBefore?: string | null;
  rows?: number;
  bytes?: number;
  /** The hll extension's sketch table, when it was maintained too (hllExtension.ts). */
  hll?: string;
  ms: number;
}

export interface RefreshOptions {
  /** Rows may arrive this late (seconds): hours are closed only this long after they end, and re-aggregated. */
  lateSeconds: number;
  /** Called after each committed chunk of a refresh (a first build is many: `openkpi rollup` shows them). */
  onProgress?: (progress: RefreshProgress) => void;
}

export type { RefreshProgress } from './chunks';

/** The schema and the state table, created once under a lock (concurrent first runs would race). */
async function ensureState(runner: SqlRunner): Promise<void> {
  await inTransaction(runner, [
    `SELECT pg_advisory_xact_lock(hashtextextended('openkpi.rollup_state', 0))`,
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(SCHEMA)}`,
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(STATE_TABLE)} (table_name text PRIMARY KEY, catalog text NOT NULL, source text NOT NULL, definition text NOT NULL, closed_before timestamptz, late_seconds integer NOT NULL, refreshed_at timestamptz NOT NULL)`,
  ]);
}

/**
 * Creates or incrementally refreshes one source's rollup: under a per-table advisory lock held for
 * the whole run (a concurrent run skips instead of waiting), the hours from the last closed hour
 * minus the late window up to the hour that ended `late` ago are deleted and aggregated again, the
 * sketches' day rows of the days those hours touch are merged again from the hourly rows (whole
 * closed days only), and the state row records the new closed boundary, in chunks of whole days
 * (chunks.ts: a first build over a year of rows is many short transactions, each readable and
 * kept when a later one fails). A changed catalog (a new partial, another dimension) rebuilds
 * the tables from scratch.
 */
export async function refreshRollup(
  plan: RollupPlan,
  runner: SqlRunner,
  options: RefreshOptions
): Promise<RefreshResult> {
  const started = Date.now();
  const name = plan.table[1];
  const base = { source: plan.source.name, table: plan.table.join('.') };
  const tables = [plan.table, plan.sketchTable, plan.dayTable];
  const lockKey = `hashtextextended(${quoteLiteral(`openkpi.rollup:${name}`)}, 0)`;
  await ensureState(runner);
  const [lock] = await runner.query(`SELECT pg_try_advisory_lock(${lockKey}) AS locked`);
  if (!booleanOf(lock?.locked)) {
    return { ...base, status: 'skipped', ms: Date.now() - started };
  }
  try {
    const [state] = await runner.query(
      `SELECT definition, ${epochMs('closed_before')} AS closed_ms, ${tables.map((t) => `to_regclass(${quoteLiteral(quoteIdent(t))}) IS NOT NULL`).join(' AND ')} AS present FROM ${quoteIdent(STATE_TABLE)} WHERE table_name = ${quoteLiteral(name)}`
    );
    const rebuild = !state || state.definition !== plan.definition || !booleanOf(state.present);
    if (rebuild) {
      // Tables and state row together: no reader ever meets the new tables with a state row.
      await inTransaction(runner, [
        ...createSql(plan),
        `DELETE FROM ${quoteIdent(STATE_TABLE)} WHERE table_name = ${quoteLiteral(name)}`,
      ]);
    }
    const previous = rebuild ? null : isoOrNull(state?.closed_ms);
    const [bounds] = await runner.query(
      `SELECT ${epochMs(floorHour(`now() - make_interval(secs => ${options.lateSeconds})`))} AS closed_ms`
    );
    const closed = isoOrNull(bounds.closed_ms) as string;
    const { from, closedBefore } = await refreshInChunks(
      plan,
      runner,
      {
        stateName: name,
        table: plan.table,
        hourly: [plan.table, plan.sketchTable],
        fillHours: (lo, hi) => fillSql(plan, lo, hi),
        daily: [plan.dayTable],
        fillDays: (lo, hi) => fillDaysSql(plan, lo, hi),
      },
      { previous, closed, lateSeconds: options.lateSeconds, onProgress: options.onProgress }
    );
    const hll = await refreshHllTable(plan, runner, {
      rebuild,
      closed,
      lateSeconds: options.lateSeconds,
      onProgress: options.onProgress,
    });
    // The size of everything this rollup keeps, the hll extension's tables included.
    const sized = hll ? [...tables, hllTableName(plan), hllDaysTableName(plan)] : tables;
    const [size] = await runner.query(
      `SELECT ${sized.map((t) => `(SELECT count(*) FROM ${quoteIdent(t)})`).join(' + ')} AS rows, ${sized.map((t) => `pg_total_relation_size(${quoteLiteral(quoteIdent(t))})`).join(' + ')} AS bytes`
    );
    return {
      ...base,
      status: rebuild ? 'rebuilt' : 'refreshed',
      from,
      closedBefore,
      rows: numberOrNull(size?.rows) ?? 0,
      bytes: numberOrNull(size?.bytes) ?? 0,
      ...(hll ? { hll } : {}),
      ms: Date.now() - started,
    };
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(${lockKey})`).catch(() => undefined);
  }
}
