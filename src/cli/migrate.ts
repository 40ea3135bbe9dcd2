/**
 * The database objects openkpi itself owns: the table behind `source: manual` (docs/catalog.md).
 * This is the one place the DDL is written; `openkpi migrate`, the demo and the tests run it.
 * Every statement is idempotent, so running it again changes nothing.
 */
export const MIGRATION_SQL = `-- One multi-statement query runs as one transaction; the lock serialises concurrent runs,
-- which "IF NOT EXISTS" alone does not (two sessions can both decide to create).
SELECT pg_advisory_xact_lock(hashtext('openkpi.migrate'));
CREATE SCHEMA IF NOT EXISTS openkpi;
CREATE TABLE IF NOT EXISTS openkpi.measurement (
  kpi text NOT NULL,
  time timestamptz NOT NULL,
  value double precision NOT NULL,
  note text,
  recorded_by text
);
CREATE INDEX IF NOT EXISTS measurement_kpi_time_idx ON openkpi.measurement (kpi, time);
`;

/** Anything that runs a multi-statement SQL text without parameters (a pg Client, a SqlRunner). */
export interface SqlExecutor {
  query(sql: string): Promise<unknown>;
}

/** Creates schema `openkpi` and table `openkpi.measurement` unless they exist. */
export async function migrate(db: SqlExecutor): Promise<void> {
  await db.query(MIGRATION_SQL);
}
