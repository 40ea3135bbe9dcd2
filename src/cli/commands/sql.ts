import { Command, Option } from 'commander';
import type { Catalog, WindowSpec } from '../../core/catalog/model';
import { compileBreakdownPlan } from '../../core/compiler/breakdownQuery';
import { compileSeriesPlan } from '../../core/compiler/seriesQuery';
import { OpenKpiError } from '../../core/errors';
import type { RollupPlan } from '../../core/rollup/plan';
import { compileEval, evalPaths } from '../../core/compiler/evalQuery';
import { availableRollups } from '../../core/rollup/probe';
import { anchorOf, instantArg, requireKpi, InstantInput, stepArg } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withDatabase } from '../context';

interface SqlOptions {
  kpi: string;
  at?: InstantInput;
  rollups?: boolean;
  from?: InstantInput;
  to?: InstantInput;
  step?: WindowSpec;
  mode: 'trend' | 'buckets';
  by?: string;
}

/**
 * `openkpi sql FILE --kpi ID [--at T]`: the statement `eval` would run; `now()` when --at is absent.
 * With `--step` (and --from/--to) the statement `series` runs, with `--by` the one `breakdown` runs.
 */
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
    .option('--step <step>', 'the series statement: rolling (1d) or calendar (month) step', stepArg)
    .option('--from <instant>', 'series start, ISO-8601', instantArg)
    .option('--to <instant>', 'series end, ISO-8601', instantArg)
    .addOption(
      new Option('--mode <mode>', 'series mode: trend or buckets').choices(['trend', 'buckets']).default('trend')
    )
    .option('--by <dimension>', 'the breakdown statement by this dimension')
    .action(async (file: string, options: SqlOptions, command: Command) => {
      const catalog = await loadCatalog(file);
      requireKpi(catalog, options.kpi, file);
      const request = { kpiIds: [options.kpi], at: anchorOf(options.at, catalog) };
      const rollups = options.rollups
        ? await inContext({ file, kpi: options.kpi }, () =>
            withDatabase(globalsOf(command), (runner) => availableRollups(catalog, runner))
          )
        : undefined;
      const other = await inContext({ file, kpi: options.kpi }, async () => otherStatement(catalog, options, rollups));
      if (other) {
        // The path each KPI takes: one pass or point by point, slices from raw rows or a rollup.
        other.paths.forEach((p) => print(`-- ${p}`));
        print(other.sql);
        return;
      }
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

/** The series (`--step`) or breakdown (`--by`) statement and its paths; undefined for eval's. */
function otherStatement(
  catalog: Catalog,
  options: SqlOptions,
  rollups: RollupPlan[] | undefined
): { sql: string; paths: string[] } | undefined {
  if (options.by !== undefined) {
    const at = anchorOf(options.at, catalog);
    const plan = compileBreakdownPlan(catalog, { kpiId: options.kpi, by: options.by, at, rollups });
    return { sql: plan.sql, paths: [plan.path] };
  }
  if (options.step === undefined) {
    return undefined;
  }
  if (options.from === undefined || options.to === undefined) {
    throw new OpenKpiError('a series statement (--step) needs --from and --to');
  }
  const request = {
    kpiId: options.kpi,
    from: options.from.in(catalog.timezone),
    to: options.to.in(catalog.timezone),
    step: options.step,
    mode: options.mode,
    rollups,
  };
  return compileSeriesPlan(catalog, request);
}
