import type { DimensionFilter } from '../../core/compiler/filters';
import { Command } from 'commander';
import { compileEval } from '../../core/compiler/evalQuery';
import { EvalRequest, evaluateKpis, refusedKpis } from '../../core/evaluation/evaluate';
import { availableRollups } from '../../core/rollup/probe';
import { filterOption, anchorOf, collect, instantArg, requireKpi, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withDatabase } from '../context';
import { CliError, errorLine, EXIT } from '../errors';
import { evalJson, stringify } from '../output/json';
import { stdoutStyle } from '../output/table';
import { evalTable } from '../output/views';

interface EvalOptions {
  kpi: string[];
  at?: InstantInput;
  json?: boolean;
  filter: DimensionFilter[];
}

/**
 * `openkpi eval FILE [--kpi ID]… [--at T] [--json]`. All results are printed even when some
 * KPIs failed; each failure is then one line on stderr and the exit code is 2.
 */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate KPIs (all, in catalog order, unless --kpi is given)')
    .argument('<file>', 'catalog file')
    .option('--kpi <id>', 'KPI id; repeat for several', collect, [])
    .option('--at <instant>', 'evaluation instant, ISO-8601 (default: now)', instantArg)
    .addOption(filterOption())
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: EvalOptions, command: Command) => {
      const catalog = await loadCatalog(file);
      options.kpi.forEach((id) => requireKpi(catalog, id, file));
      const request: EvalRequest = {
        kpiIds: options.kpi.length > 0 ? options.kpi : undefined,
        at: anchorOf(options.at, catalog),
        filters: options.filter,
      };
      // Compile first: a request no KPI can take (a filter on a dimension none declares) is
      // reported before touching the database; one that only some KPIs take fails just those.
      await inContext({ file }, async () => {
        const refused = refusedKpis(catalog, request);
        if (refused.size === 0 || refused.size === (request.kpiIds ?? catalog.kpis).length) {
          compileEval(catalog, request);
        }
      });
      const globals = globalsOf(command);
      // The fallback after a failed statement may run a few more; together they stay within two timeouts.
      const budgetMs = globals.statementTimeout > 0 ? 2 * globals.statementTimeout : undefined;
      const result = await inContext({ file }, () =>
        withDatabase(globals, async (runner) =>
          // Rollups the database has are read for closed hours (docs/rollups.md).
          evaluateKpis(catalog, { ...request, rollups: await availableRollups(catalog, runner) }, runner, { budgetMs })
        )
      );
      print(options.json ? stringify(evalJson(result)) : evalTable(result, stdoutStyle(), catalog));
      const failed = result.kpis.filter((k) => k.status === 'error' || k.error !== undefined);
      if (failed.length > 0) {
        const lines = failed.map((k) => errorLine(causeOf(k.error, k.name, k.id), { file, kpi: k.id }));
        throw new CliError(lines, EXIT.database);
      }
    });
}

/** The core prefixes its error with "<name> (<id>): "; the CLI line already names the KPI. */
function causeOf(error: string | undefined, name: string, id: string): string {
  const prefix = `${name} (${id}): `;
  if (error === undefined) {
    return 'evaluation failed';
  }
  return error.startsWith(prefix) ? error.slice(prefix.length) : error;
}
