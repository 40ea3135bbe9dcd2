import type { DimensionFilter } from '../../core/compiler/filters';
import { Command } from 'commander';
import type { WindowSpec } from '../../core/catalog/model';
import { BacktestRequest, evaluateBacktest } from '../../core/backtest/evaluate';
import { compileSeries } from '../../core/compiler/seriesQuery';
import { availableRollups } from '../../core/rollup/probe';
import { filterOption, instantArg, numberArg, requireKpi, stepArg, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withDatabase } from '../context';
import { backtestJson, backtestText } from '../output/backtest';
import { stringify } from '../output/json';
import { stdoutStyle } from '../output/table';

interface BacktestOptions {
  kpi: string;
  from: InstantInput;
  to: InstantInput;
  step: WindowSpec;
  warning?: number;
  critical?: number;
  json?: boolean;
  filter: DimensionFilter[];
}

/**
 * `openkpi backtest FILE --kpi ID --from T --to T --step S [--warning W] [--critical C] [--json]`
 * (docs/cli.md, `openkpi backtest`): how often the KPI would have alerted over a past range, with its thresholds or new ones.
 */
export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description(
      'how often a KPI would have alerted: its status at the end of each step, with its thresholds or new ones'
    )
    .argument('<file>', 'catalog file')
    .requiredOption('--kpi <id>', 'KPI id')
    .requiredOption('--from <instant>', 'start, ISO-8601', instantArg)
    .requiredOption('--to <instant>', 'end, ISO-8601 (now for the current time)', instantArg)
    .requiredOption('--step <step>', 'rolling (1h, 1d, 7d) or calendar (day, week, month, quarter, year)', stepArg)
    .option('--warning <number>', 'try this warning threshold instead of the catalog’s', numberArg)
    .option('--critical <number>', 'try this critical threshold instead of the catalog’s', numberArg)
    .addOption(filterOption())
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: BacktestOptions, command: Command) => {
      const catalog = await loadCatalog(file);
      const kpi = requireKpi(catalog, options.kpi, file);
      const request: BacktestRequest = {
        kpiId: kpi.id,
        from: options.from.in(catalog.timezone),
        to: options.to.in(catalog.timezone),
        step: options.step,
        filters: options.filter,
        warning: options.warning,
        critical: options.critical,
      };
      const context = { file, kpi: kpi.id };
      await inContext(context, async () => compileSeries(catalog, { ...request, mode: 'trend' }));
      const result = await inContext(context, () =>
        withDatabase(globalsOf(command), async (runner) =>
          // Every point reads the rollups the database has, as series does (docs/rollups.md).
          evaluateBacktest(catalog, { ...request, rollups: await availableRollups(catalog, runner) }, runner)
        )
      );
      const range = { from: request.from, to: request.to, step: request.step, now: new Date() };
      print(options.json ? stringify(backtestJson(result)) : backtestText(result, kpi, range, stdoutStyle()));
    });
}
