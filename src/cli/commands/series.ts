import type { DimensionFilter } from '../../core/compiler/filters';
import { Command, Option } from 'commander';
import type { WindowSpec } from '../../core/catalog/model';
import { compileSeries } from '../../core/compiler/seriesQuery';
import { evaluateSeries, SeriesRequest } from '../../core/evaluation/series';
import { filterOption, instantArg, requireKpi, stepArg, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withDatabase } from '../context';
import { seriesJson, stringify } from '../output/json';
import { stdoutStyle } from '../output/table';
import { seriesTable } from '../output/views';
import { availableRollups } from '../../core/rollup/probe';

interface SeriesOptions {
  kpi: string;
  from: InstantInput;
  to: InstantInput;
  step: WindowSpec;
  mode: 'trend' | 'buckets';
  json?: boolean;
  filter: DimensionFilter[];
}

/** `openkpi series FILE --kpi ID --from T --to T --step S [--mode trend|buckets] [--json]` (docs/cli.md). */
export function registerSeries(program: Command): void {
  program
    .command('series')
    .description('a time series of a KPI: its value at the end of each step (trend) or per step (buckets)')
    .argument('<file>', 'catalog file')
    .requiredOption('--kpi <id>', 'KPI id')
    .requiredOption('--from <instant>', 'start, ISO-8601', instantArg)
    .requiredOption('--to <instant>', 'end, ISO-8601', instantArg)
    .requiredOption('--step <step>', 'rolling (1h, 1d, 7d) or calendar (day, week, month, quarter, year)', stepArg)
    .addOption(new Option('--mode <mode>', 'trend or buckets').choices(['trend', 'buckets']).default('trend'))
    .addOption(filterOption())
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: SeriesOptions, command: Command) => {
      const catalog = await loadCatalog(file);
      const kpi = requireKpi(catalog, options.kpi, file);
      const request: SeriesRequest = {
        kpiId: kpi.id,
        from: options.from.in(catalog.timezone),
        to: options.to.in(catalog.timezone),
        step: options.step,
        mode: options.mode,
        filters: options.filter,
      };
      const context = { file, kpi: kpi.id };
      await inContext(context, async () => compileSeries(catalog, request));
      const result = await inContext(context, () =>
        withDatabase(globalsOf(command), async (runner) =>
          // Rollups the database has are read for closed hours (docs/rollups.md).
          evaluateSeries(catalog, { ...request, rollups: await availableRollups(catalog, runner) }, runner)
        )
      );
      print(options.json ? stringify(seriesJson(result)) : seriesTable(result, kpi, stdoutStyle()));
    });
}
