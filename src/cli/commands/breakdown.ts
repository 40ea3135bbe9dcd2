import type { DimensionFilter } from '../../core/compiler/filters';
import { Command } from 'commander';
import { compileBreakdown } from '../../core/compiler/breakdownQuery';
import { BreakdownRequest, evaluateBreakdown } from '../../core/evaluation/breakdown';
import { filterOption, anchorOf, instantArg, requireKpi, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withDatabase } from '../context';
import { breakdownJson, stringify } from '../output/json';
import { stdoutStyle } from '../output/table';
import { breakdownTable } from '../output/views';
import { availableRollups } from '../../core/rollup/probe';

interface BreakdownOptions {
  kpi: string;
  by: string;
  at?: InstantInput;
  json?: boolean;
  filter: DimensionFilter[];
}

/** `openkpi breakdown FILE --kpi ID --by DIM [--at T] [--json]`: the KPI per value of a dimension. */
export function registerBreakdown(program: Command): void {
  program
    .command('breakdown')
    .description('the KPI per value of a declared dimension of its source')
    .argument('<file>', 'catalog file')
    .requiredOption('--kpi <id>', 'KPI id')
    .requiredOption(
      '--by <dimension>',
      'a dimension declared on the KPI source (a formula: on those of all KPIs it uses)'
    )
    .option('--at <instant>', 'evaluation instant, ISO-8601 (default: now)', instantArg)
    .addOption(filterOption())
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: BreakdownOptions, command: Command) => {
      const catalog = await loadCatalog(file);
      const kpi = requireKpi(catalog, options.kpi, file);
      const request: BreakdownRequest = {
        kpiId: kpi.id,
        by: options.by,
        at: anchorOf(options.at, catalog),
        filters: options.filter,
      };
      const context = { file, kpi: kpi.id };
      // Compiling first reports an undeclared dimension (exit 1) without needing the database.
      await inContext(context, async () => compileBreakdown(catalog, request));
      const result = await inContext(context, () =>
        withDatabase(globalsOf(command), async (runner) =>
          // Rollups the database has are read for closed hours (docs/rollups.md).
          evaluateBreakdown(catalog, { ...request, rollups: await availableRollups(catalog, runner) }, runner)
        )
      );
      print(options.json ? stringify(breakdownJson(result)) : breakdownTable(result, kpi, stdoutStyle()));
    });
}
