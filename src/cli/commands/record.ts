import { Command } from 'commander';
import type { Client } from 'pg';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { instantArg, numberArg, requireKpi, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withConnection } from '../context';
import { CliError, DatabaseError, errorLine, EXIT } from '../errors';
import { pgMessage } from '../pgRunner';

interface RecordOptions {
  at?: InstantInput;
  note?: string;
  catalog?: string;
  unchecked?: boolean;
  replace?: boolean;
}

const KPI_ID = /^[a-z][a-z0-9_]*$/;
const UNDEFINED_TABLE = '42P01';
const UNIQUE_VIOLATION = '23505';
/** Clocks disagree a little; a measurement further in the future is a typo (2062 for 2026). */
export const FUTURE_SKEW_MS = 5 * 60_000;
/** Units whose values have a range of their own. */
const UNIT_RANGES: Record<string, [number, number]> = { percent: [0, 100], percentunit: [0, 1] };

// Values travel as parameters: the note and the user name are free text.
const INSERT = `INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
VALUES ($1, coalesce($2::timestamptz, now()), $3, $4, $5)
RETURNING time`;
// A correction: the old row goes to the history (who replaced it, when) in the same transaction.
const LOCK_OLD = `SELECT value, recorded_by, recorded_at FROM openkpi.measurement WHERE kpi = $1 AND time = $2::timestamptz FOR UPDATE`;
const KEEP_OLD = `INSERT INTO openkpi.measurement_history (kpi, time, value, note, recorded_by, recorded_at, replaced_by, reason)
SELECT kpi, time, value, note, recorded_by, recorded_at, $3, 'replaced by openkpi record --replace'
FROM openkpi.measurement WHERE kpi = $1 AND time = $2::timestamptz`;
const REPLACE = `UPDATE openkpi.measurement SET value = $3, note = $4, recorded_by = $5, recorded_at = now()
WHERE kpi = $1 AND time = $2::timestamptz RETURNING time`;

/** The catalog's checks of a measurement: a known, manual KPI, and a value its unit allows. */
function checkAgainstCatalog(catalog: Catalog, id: string, value: number, file: string): Kpi {
  const kpi = requireKpi(catalog, id, file);
  if (kpi.source !== 'manual') {
    throw new CliError(
      errorLine(`not a manual KPI (its source is ${kpi.source ?? 'a formula'})`, { file, kpi: id }),
      EXIT.usage
    );
  }
  const range = kpi.unit ? UNIT_RANGES[kpi.unit] : undefined;
  if (range && (value < range[0] || value > range[1])) {
    throw new CliError(
      errorLine(`${value} is outside ${range[0]}…${range[1]}, the range of unit ${kpi.unit}`, { file, kpi: id }),
      EXIT.usage
    );
  }
  return kpi;
}

/**
 * `openkpi record KPI VALUE [--at T] [--note TEXT] [--catalog FILE | --unchecked] [--replace]`:
 * one manual measurement. `(kpi, time)` is a key: a second value at the same instant is refused
 * unless `--replace` says it is a correction, which keeps the old row in the history.
 */
export function registerRecord(program: Command): void {
  program
    .command('record')
    .description('record a measurement of a manual KPI (source: manual) in openkpi.measurement')
    .argument('<kpi>', 'KPI id')
    .argument('<value>', 'the measured value', numberArg)
    .option('--at <instant>', 'when it was measured, ISO-8601 (default: now)', instantArg)
    .option('--note <text>', 'a note kept with the measurement')
    .option('--catalog <file>', 'the catalog to check the KPI against (default: $OPENKPI_CATALOG)')
    .option('--unchecked', 'record without checking the KPI against a catalog')
    .option('--replace', 'correct the value already recorded at this instant (the old one is kept in the history)')
    .action(async (id: string, value: number, options: RecordOptions, command: Command) => {
      if (!KPI_ID.test(id)) {
        throw new CliError(errorLine('not a KPI id (lower case letters, digits and _)', { kpi: id }), EXIT.usage);
      }
      const file = options.catalog ?? (options.unchecked ? undefined : process.env.OPENKPI_CATALOG || undefined);
      if (file === undefined && !options.unchecked) {
        throw new CliError(
          errorLine('give the catalog to check the KPI against: --catalog FILE (or OPENKPI_CATALOG), or --unchecked', {
            kpi: id,
          }),
          EXIT.usage
        );
      }
      // A wall time without offset is read in the catalog's zone when there is one, else UTC.
      let zone = 'UTC';
      if (file !== undefined) {
        const catalog = await loadCatalog(file);
        zone = catalog.timezone;
        checkAgainstCatalog(catalog, id, value, file);
      }
      const at = options.at?.in(zone);
      if (at && at.getTime() > Date.now() + FUTURE_SKEW_MS) {
        throw new CliError(
          errorLine(`${at.toISOString()} is in the future; a measurement records what was measured`, { file, kpi: id }),
          EXIT.usage
        );
      }
      const recordedBy = process.env.USER || 'openkpi';
      const params = [id, at?.toISOString() ?? null, value, options.note ?? null, recordedBy];
      const outcome = await inContext({ file, kpi: id }, () =>
        withConnection(globalsOf(command), async ({ client }) => {
          try {
            return options.replace && at ? await replace(client, params) : await insert(client, params);
          } catch (err) {
            if (err instanceof CliError) {
              throw err;
            }
            const code = (err as { code?: unknown }).code;
            const hint = code === UNDEFINED_TABLE ? ' (run `openkpi migrate` first)' : '';
            throw new DatabaseError(pgMessage(err) + hint, { cause: err });
          }
        })
      );
      const when = outcome.time.toISOString();
      print(
        outcome.old === undefined
          ? `recorded ${id} = ${value} at ${when}`
          : `corrected ${id} at ${when}: ${outcome.old} → ${value} (the old value is kept in openkpi.measurement_history)`
      );
    });
}

interface Outcome {
  time: Date;
  old?: number;
}

async function insert(client: Client, params: unknown[]): Promise<Outcome> {
  try {
    const rows = (await client.query<{ time: Date }>(INSERT, params)).rows;
    return { time: rows[0].time };
  } catch (err) {
    if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) {
      const [id, at] = params as [string, string | null];
      throw new CliError(
        errorLine(`a value is already recorded at ${at ?? 'this instant'}; add --replace to correct it`, { kpi: id }),
        EXIT.usage
      );
    }
    throw err;
  }
}

async function replace(client: Client, params: unknown[]): Promise<Outcome> {
  const [id, at, value, note, by] = params;
  await client.query('BEGIN');
  try {
    const old = (await client.query<{ value: number }>(LOCK_OLD, [id, at])).rows[0];
    if (!old) {
      await client.query('ROLLBACK');
      return insert(client, params);
    }
    await client.query(KEEP_OLD, [id, at, by]);
    const rows = (await client.query<{ time: Date }>(REPLACE, [id, at, value, note, by])).rows;
    await client.query('COMMIT');
    return { time: rows[0].time, old: old.value };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
