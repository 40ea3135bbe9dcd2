import { epochMs } from '../compiler/epoch';
import { fromClause, timeColumn } from '../compiler/sources';
import { isoOrNull, SqlRunner } from '../evaluation/runner';
import { quoteIdent } from '../sql/quote';
import { floorHour, RollupPlan, touchedDaysSql } from './plan';
import { instantSql, recordStateSql } from './state';

/**
 * A long refresh (the first build, a catch-up after weeks without one) aggregates its hours in
 * chunks of whole UTC days, each chunk one transaction that also records the new closed boundary:
 * every statement stays short (well within a statement timeout: `openkpi rollup` runs with the
 * CLI's 30 s default), readers use what is built so far (whole hours before the boundary, raw rows
 * after it), and a run that is interrupted loses only its current chunk; the next one goes on from
 * the boundary. The chunk length adapts to the data: it doubles while a chunk takes under
 * FAST_MS and halves when one takes over SLOW_MS.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const FAST_MS = 2_000;
const SLOW_MS = 8_000;
const MAX_CHUNK_MS = 32 * DAY_MS;

/** One committed chunk of a refresh: the hours `[first, to)` of the whole range `[first, last)` are done. */
export interface ChunkDone {
  first: string;
  to: string;
  last: string;
}

/** A long refresh's progress: the hours `[first, to)` of `[first, last)` of `table` are aggregated. */
export type RefreshProgress = ChunkDone & { source: string; table: string };

/**
 * The end of the chunk starting at `lo` of about `lengthMs`: the UTC midnight at or after
 * `lo + lengthMs` (an hour boundary when the length is under a day), never past `end`.
 */
function chunkEnd(lo: number, lengthMs: number, end: number): number {
  const unit = lengthMs < DAY_MS ? HOUR_MS : DAY_MS;
  const hi = Math.ceil((lo + lengthMs) / unit) * unit;
  return Math.min(end, Math.max(hi, lo + HOUR_MS));
}

/**
 * Runs `fill(lo, hi)` (ISO instants on hour starts) for consecutive chunks of `[from, to)`, each
 * a transaction of its own (an error rolls back its chunk only: the chunks before it stay
 * committed), then `onChunk`.
 */
export async function inChunks(
  runner: SqlRunner,
  from: string,
  to: string,
  fill: (lo: string, hi: string) => Promise<void>,
  onChunk?: (done: ChunkDone) => void
): Promise<void> {
  const [start, end] = [Date.parse(from), Date.parse(to)];
  let length = DAY_MS;
  for (let lo = start; lo < end;) {
    const hi = chunkEnd(lo, length, end);
    const started = Date.now();
    await transaction(runner, () => fill(new Date(lo).toISOString(), new Date(hi).toISOString()));
    const took = Date.now() - started;
    length =
      took < FAST_MS ? Math.min(MAX_CHUNK_MS, length * 2) : took > SLOW_MS ? Math.max(HOUR_MS, length / 2) : length;
    onChunk?.({ first: from, to: new Date(hi).toISOString(), last: to });
    lo = hi;
  }
}

/** Runs `body` inside BEGIN … COMMIT; on an error, ROLLBACK and rethrow. */
export async function transaction(runner: SqlRunner, body: () => Promise<void>): Promise<void> {
  await runner.query('BEGIN');
  try {
    await body();
    await runner.query('COMMIT');
  } catch (e) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Runs statements one after the other. */
async function runAll(runner: SqlRunner, statements: string[]): Promise<void> {
  for (const sql of statements) {
    await runner.query(sql);
  }
}

/** Runs statements in one transaction. */
export function inTransaction(runner: SqlRunner, statements: string[]): Promise<void> {
  return transaction(runner, () => runAll(runner, statements));
}

/** The first hour with a row of the source, or null when it has none (a first build starts there). */
export async function firstHour(plan: RollupPlan, runner: SqlRunner): Promise<string | null> {
  const t = timeColumn(plan.source);
  const [row] = await runner.query(`SELECT ${epochMs(floorHour(`min(${t})`))} AS ms ${fromClause(plan.source)}`);
  return isoOrNull(row?.ms);
}

/** A table of a rollup whose hours (and whole UTC days) a refresh aggregates again. */
export interface AggregatedTables {
  /** Its row in the state table. */
  stateName: string;
  /** The name progress reports. */
  table: string[];
  /** The tables with an `hour` column, and the statements that fill their hours `[lo, hi)` (SQL instants). */
  hourly: string[][];
  fillHours: (lo: string, hi: string) => string[];
  /** The tables with a `day` column, and the statements that fill their days `[lo, hi)` from the hourly rows. */
  daily: string[][];
  fillDays: (lo: string, hi: string) => string[];
}

/**
 * A refresh of `tables` up to `closed` (ISO, an hour start): from the last closed boundary
 * `previous` minus the late window (null: from the source's first hour), in chunks, each deleting
 * and filling its hours, then merging again the whole days they touch from the hourly rows (a day
 * gets its row once its 24 hours are closed, and again whenever one of them is aggregated again),
 * then recording its end as the boundary. The boundary never moves back (a longer late window than
 * the last run's: the hours up to the previous boundary stay aggregated). Returns `from` (null for
 * the first hour) and the boundary recorded.
 */
export async function refreshInChunks(
  plan: RollupPlan,
  runner: SqlRunner,
  tables: AggregatedTables,
  o: { previous: string | null; closed: string; lateSeconds: number; onProgress?: (p: RefreshProgress) => void }
): Promise<{ from: string | null; closedBefore: string }> {
  const from =
    o.previous === null
      ? null
      : new Date(Math.floor((Date.parse(o.previous) - o.lateSeconds * 1000) / HOUR_MS) * HOUR_MS).toISOString();
  const first = from ?? (await firstHour(plan, runner)) ?? o.closed;
  const boundary = (hi: string) => (o.previous !== null && o.previous > hi ? o.previous : hi);
  const record = (hi: string) => runner.query(recordStateSql(tables.stateName, plan, boundary(hi), o.lateSeconds));
  const deleted = (list: string[][], column: string, lo: string, hi: string) =>
    list.map((t) => `DELETE FROM ${quoteIdent(t)} WHERE ${column} >= ${lo} AND ${column} < ${hi}`);
  await inChunks(
    runner,
    first,
    o.closed,
    async (lo, hi) => {
      const [l, h] = [instantSql(lo), instantSql(hi)];
      await runAll(runner, [...deleted(tables.hourly, 'hour', l, h), ...tables.fillHours(l, h)]);
      const [dlo, dhi] = touchedDaysSql(l, h);
      await runAll(runner, [...deleted(tables.daily, 'day', dlo, dhi), ...tables.fillDays(dlo, dhi)]);
      await record(hi);
    },
    (done) => o.onProgress?.({ source: plan.source.name, table: tables.table.join('.'), ...done })
  );
  if (first >= o.closed) {
    await record(o.closed);
  }
  return { from, closedBefore: boundary(o.closed) };
}
