/**
 * How a compiled statement is sent where the runner cannot configure its session (Grafana's
 * `/api/ds/query`). `SET LOCAL jit = off` first: PostgreSQL's JIT compiles a plan's expressions
 * before the statement runs, and neither `statement_timeout` nor a cancel stops that compile
 * (issue: a hostile catalog held a backend for minutes). Our plans are small and grow linearly
 * with the catalog, so JIT never pays off for them. Grafana's PostgreSQL data source (lib/pq and
 * pgx) runs a multi-statement `rawSql` as one implicit transaction and returns the rows of its
 * SELECT, skipping the SET, so `LOCAL` applies to exactly this statement. The CLI sets
 * `jit = off` on its own connection instead (see cli/pgRunner.ts).
 */
export const JIT_OFF = 'SET LOCAL jit = off';

/** The statement with JIT turned off for its transaction. */
export function withJitOff(sql: string): string {
  return `${JIT_OFF};\n${sql}`;
}
