import { Command } from 'commander';
import { formatProblem } from '../../core/catalog/problems';
import { checkCatalogFile } from '../catalogFile';
import { CliError, EXIT } from '../errors';
import { print } from '../context';

/** `openkpi validate FILE…`: every problem of every file, one line each; exit 1 if any. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check catalog files; prints FILE:LINE:COL: path: message per problem')
    .argument('<files...>', 'catalog files (YAML or JSON)')
    .action(async (files: string[]) => {
      const failures: string[] = [];
      for (const file of files) {
        try {
          const { catalog, problems } = await checkCatalogFile(file);
          if (problems.length > 0 || !catalog) {
            failures.push(...problems.map(formatProblem));
          } else {
            print(`${file}: ok (${catalog.kpis.length} KPI${catalog.kpis.length === 1 ? '' : 's'})`);
          }
        } catch (err) {
          if (!(err instanceof CliError)) {
            throw err;
          }
          failures.push(...err.lines);
        }
      }
      if (failures.length > 0) {
        throw new CliError(failures, EXIT.usage);
      }
    });
}
