import { Command } from 'commander';
import { compileEval } from '../../core/compiler/evalQuery';
import { anchorOf, instantArg, requireKpi, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { inContext, print } from '../context';

interface SqlOptions {
  kpi: string;
  at?: InstantInput;
}

/** `openkpi sql FILE --kpi ID [--at T]`: the statement `eval` would run; `now()` when --at is absent. */
export function registerSql(program: Command): void {
  program
    .command('sql')
    .description('print the SQL that evaluates a KPI (with now() unless --at is given)')
    .argument('<file>', 'catalog file')
    .requiredOption('--kpi <id>', 'KPI id')
    .option('--at <instant>', 'evaluation instant, ISO-8601 (default: now() in PostgreSQL)', instantArg)
    .action(async (file: string, options: SqlOptions) => {
      const catalog = await loadCatalog(file);
      requireKpi(catalog, options.kpi, file);
      const sql = await inContext({ file, kpi: options.kpi }, async () =>
        compileEval(catalog, { kpiIds: [options.kpi], at: anchorOf(options.at, catalog) })
      );
      print(sql);
    });
}
