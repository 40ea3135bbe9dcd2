import { Command } from 'commander';
import { evaluateObjectives } from '../../core/objectives/evaluate';
import { availableRollups } from '../../core/rollup/probe';
import { anchorOf, instantArg, InstantInput } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withDatabase } from '../context';
import { stringify } from '../output/json';
import { okrJson, okrTable } from '../output/okr';
import { stdoutStyle } from '../output/table';

interface OkrOptions {
  at?: InstantInput;
  json?: boolean;
}

/** `openkpi okr FILE [--at T] [--json]`: objectives and key results (docs/objectives.md). */
export function registerOkr(program: Command): void {
  program
    .command('okr')
    .description("objectives and key results: each key result's value, progress and status")
    .argument('<file>', 'catalog file')
    .option('--at <instant>', 'evaluation instant, ISO-8601 (default: now)', instantArg)
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: OkrOptions, command: Command) => {
      const catalog = await loadCatalog(file);
      const at = anchorOf(options.at, catalog);
      const result = await inContext({ file }, () =>
        withDatabase(globalsOf(command), async (runner) =>
          // Key results read the rollups the database has, as eval does (docs/rollups.md).
          evaluateObjectives(catalog, at, runner, await availableRollups(catalog, runner))
        )
      );
      print(options.json ? stringify(okrJson(result)) : okrTable(result, stdoutStyle()));
    });
}
