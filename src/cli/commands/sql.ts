import { Command } from 'commander';
import { compileEval, evalPaths } from '../../core/compiler/evalQuery';
import { availableRollups } from '../../core/rollup/probe';
import { anchorOf, instantArg, requireKpi, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withDatabase } from '../context';

interface SqlOptions {
  kpi: string;
  at?: InstantInput;
  rollups?: boolean;
}

/** `openkpi sql FILE --kpi ID [--at T]`: the statement `eval` would run; `now()` when --at is absent. */
export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('print the SQL that evaluates a KPI (with now() unless --at is given)')
    .argument('<file>', 'catalog file')
    .requiredOption('--kpi <id>', 'KPI id')
    .option('--at <instant>', 'evaluation instant, ISO-8601 (default: now() in PostgreSQL)', instantArg)
    .option(
      '--rollups',
      'ask the database which rollups exist, print the path the KPI takes and the statement eval runs'
    )
    .action(async (file: string, options: SqlOptions, command: Command) => {
      const catalog = await loadCatalog(file);
      requireKpi(catalog, options.kpi, file);
      const request = { kpiIds: [options.kpi], at: anchorOf(options.at, catalog) };
      const rollups = options.rollups
        ? await inContext({ file, kpi: options.kpi }, () =>
            withDatabase(globalsOf(command), (runner) => availableRollups(catalog, runner))
          )
        : undefined;
      const sql = await inContext({ file, kpi: options.kpi }, async () =>
        compileEval(catalog, { ...request, rollups })
      );
      if (rollups) {
        evalPaths(catalog, { ...request, rollups }).forEach((p) =>
          print(`-- ${p.kpi}: ${p.path}${p.approximate ? ', approximate' : ''}`)
        );
      }
      print(sql);
    });
}
