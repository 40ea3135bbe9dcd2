/**
 * The database objects openkpi itself owns: the table behind `source: manual` (docs/catalog.md)
 * and the history of its corrections. This is the one place the DDL is written: `openkpi
 * migrate`, `openkpi demo`, the compose loader (through `openkpi migrate`), the examples' tests
 * and the spec-* integration tests all run it; the examples' data.sql files only insert rows.
 * Every statement is idempotent, so running it again changes nothing, and it upgrades a table
 * made by an earlier version (nullable value, several rows at one instant) in place.
 */
export const MIGRATION_SQL = `-- One multi-statement query runs as one transaction; the lock serialises concurrent runs,
-- which "IF NOT EXISTS" alone does not (two sessions can both decide to create).
SELECT pg_advisory_xact_lock(hashtext('openkpi.migrate'));
CREATE SCHEMA IF NOT EXISTS openkpi;
-- One value per KPI and instant: a correction replaces it (openkpi record --replace) and the
-- replaced row is kept in openkpi.measurement_history.
CREATE TABLE IF NOT EXISTS openkpi.measurement (
  kpi text NOT NULL,
  time timestamptz NOT NULL,
  value double precision NOT NULL,
  note text,
  recorded_by text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE openkpi.measurement ADD COLUMN IF NOT EXISTS recorded_at timestamptz NOT NULL DEFAULT now();
CREATE TABLE IF NOT EXISTS openkpi.measurement_history (
  kpi text NOT NULL,
  time timestamptz NOT NULL,
  value double precision,
  note text,
  recorded_by text,
  recorded_at timestamptz,
  replaced_by text,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  reason text NOT NULL
);
-- Tables from earlier versions: rows without a value, and all but the latest-recorded row of an
-- instant (the largest value when none is later), move to the history before the key is added.
WITH dropped AS (
  DELETE FROM openkpi.measurement m
  WHERE m.value IS NULL
     OR m.ctid IN (
       SELECT ctid FROM (
         SELECT ctid, row_number() OVER (PARTITION BY kpi, time ORDER BY recorded_at DESC, value DESC) AS n
         FROM openkpi.measurement
       ) ranked
       WHERE n > 1
     )
  RETURNING m.*
)
INSERT INTO openkpi.measurement_history (kpi, time, value, note, recorded_by, recorded_at, replaced_by, reason)
SELECT kpi, time, value, note, recorded_by, recorded_at, 'openkpi migrate',
       CASE WHEN value IS NULL THEN 'no value' ELSE 'another value at the same instant' END
FROM dropped;
ALTER TABLE openkpi.measurement ALTER COLUMN value SET NOT NULL;
ALTER TABLE openkpi.measurement ALTER COLUMN kpi SET NOT NULL;
ALTER TABLE openkpi.measurement ALTER COLUMN time SET NOT NULL;
DROP INDEX IF EXISTS openkpi.measurement_kpi_time_idx;
CREATE UNIQUE INDEX IF NOT EXISTS measurement_kpi_time_key ON openkpi.measurement (kpi, time);
`;

/** Anything that runs a multi-statement SQL text without parameters (a pg Client, a SqlRunner). */
export interface SqlExecutor {
  query(sql: string): Promise<unknown>;
}

/** Creates (or upgrades) schema `openkpi` with its measurement table and history. */
export async function migrate(db: SqlExecutor): Promise<void> {
  await db.query(MIGRATION_SQL);
}
