import { Command } from 'commander';
import { instantArg, numberArg, requireKpi, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withConnection } from '../context';
import { CliError, DatabaseError, errorLine, EXIT } from '../errors';
import { pgMessage } from '../pgRunner';

interface RecordOptions {
  at?: InstantInput;
  note?: string;
  catalog?: string;
}

const KPI_ID = /^[a-z][a-z0-9_]*$/;
const UNDEFINED_TABLE = '42P01';

// Values travel as parameters: the note and the user name are free text.
const INSERT = `INSERT INTO openkpi.measurement (kpi, time, value, note, recorded_by)
VALUES ($1, coalesce($2::timestamptz, now()), $3, $4, $5)
RETURNING time`;

/** `openkpi record KPI VALUE [--at T] [--note TEXT] [--catalog FILE]`: one manual measurement. */
export function registerRecord(program: Command): void {
  program
    .command('record')
    .description('record a measurement of a manual KPI (source: manual) in openkpi.measurement')
    .argument('<kpi>', 'KPI id')
    .argument('<value>', 'the measured value', numberArg)
    .option('--at <instant>', 'when it was measured, ISO-8601 (default: now)', instantArg)
    .option('--note <text>', 'a note kept with the measurement')
    .option('--catalog <file>', 'check that the KPI exists in this catalog and is a manual KPI')
    .action(async (id: string, value: number, options: RecordOptions, command: Command) => {
      if (!KPI_ID.test(id)) {
        throw new CliError(errorLine('not a KPI id (lower case letters, digits and _)', { kpi: id }), EXIT.usage);
      }
      // A wall time without offset is read in the catalog's zone when there is one, else UTC.
      let zone = 'UTC';
      if (options.catalog !== undefined) {
        const file = options.catalog;
        const catalog = await loadCatalog(file);
        zone = catalog.timezone;
        const kpi = requireKpi(catalog, id, file);
        if (kpi.source !== 'manual') {
          throw new CliError(
            errorLine(`not a manual KPI (its source is ${kpi.source ?? 'a formula'})`, { file, kpi: id }),
            EXIT.usage
          );
        }
      }
      const recordedBy = process.env.USER || 'openkpi';
      const params = [id, options.at?.in(zone).toISOString() ?? null, value, options.note ?? null, recordedBy];
      const rows = await inContext({ file: options.catalog, kpi: id }, () =>
        withConnection(globalsOf(command), async ({ client }) => {
          try {
            return (await client.query<{ time: Date }>(INSERT, params)).rows;
          } catch (err) {
            const code = (err as { code?: unknown }).code;
            const hint = code === UNDEFINED_TABLE ? ' (run `openkpi migrate` first)' : '';
            throw new DatabaseError(pgMessage(err) + hint, { cause: err });
          }
        })
      );
      print(`recorded ${id} = ${value} at ${rows[0].time.toISOString()}`);
    });
}
