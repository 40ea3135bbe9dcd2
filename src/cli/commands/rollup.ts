import { Command } from 'commander';
import { parseDuration } from '../../core/catalog/duration';
import { rollupPlans } from '../../core/rollup/plan';
import { refreshRollup, RefreshProgress, RefreshResult } from '../../core/rollup/refresh';
import { collect } from '../args';
import { loadCatalog } from '../catalogFile';
import { globalsOf, inContext, print, withDatabase } from '../context';
import { CliError, errorLine, EXIT } from '../errors';
import { stringify } from '../output/json';

interface RollupOptions {
  late: string;
  source: string[];
  json?: boolean;
}

/** How long a run goes before it shows its progress: short runs print only their result. */
const QUIET_MS = 2_000;

/**
 * A long refresh's progress on stderr, one line per committed chunk once the run has taken more
 * than QUIET_MS, when stderr is a terminal (from cron, where every line would be mailed, nothing).
 */
function progressPrinter(startedAt: number): (p: RefreshProgress) => void {
  return (p) => {
    if (process.stderr.isTTY !== true || Date.now() - startedAt < QUIET_MS) {
      return;
    }
    const [first, to, last] = [Date.parse(p.first), Date.parse(p.to), Date.parse(p.last)];
    const share = last > first ? Math.floor((100 * (to - first)) / (last - first)) : 100;
    process.stderr.write(`${p.source}: ${p.table} aggregated up to ${p.to} (${share} %)\n`);
  };
}

function line(r: RefreshResult): string {
  if (r.status === 'skipped') {
    return `${r.source}: skipped, another refresh of ${r.table} is running`;
  }
  const size = `${r.rows} rows, ${((r.bytes ?? 0) / 1024 / 1024).toFixed(1)} MB`;
  const hll = r.hll ? `; distinct counts also in ${r.hll} (hll extension)` : '';
  return `${r.source}: ${r.status} ${r.table} up to ${r.closedBefore} (${size})${hll} in ${(r.ms / 1000).toFixed(2)} s`;
}

/**
 * `openkpi rollup FILE [--late D] [--source S]… [--json]`: creates and incrementally refreshes the
 * hourly rollup of each source (docs/rollups.md). Safe to run from cron: a run that finds another
 * refreshing the same table skips it.
 */
export function registerRollup(program: Command): void {
  program
    .command('rollup')
    .description('create or refresh the hourly rollup tables of a catalog (docs/rollups.md)')
    .argument('<file>', 'catalog file')
    .option(
      '--late <duration>',
      'how late rows may arrive: hours are closed and re-aggregated this long after they end',
      '1h'
    )
    .option('--source <name>', 'only this source; repeat for several', collect, [])
    .option('--json', 'print one JSON document')
    .action(async (file: string, options: RollupOptions, command: Command) => {
      const catalog = await loadCatalog(file);
      const lateMs = parseDuration(options.late);
      if (lateMs === undefined) {
        throw new CliError(errorLine(`invalid --late "${options.late}": use <N>m, <N>h or <N>d`, { file }), EXIT.usage);
      }
      const plans = rollupPlans(catalog).filter(
        (p) => options.source.length === 0 || options.source.includes(p.source.name)
      );
      const results = await inContext({ file }, () =>
        withDatabase(globalsOf(command), async (runner) => {
          const out: RefreshResult[] = [];
          for (const plan of plans) {
            out.push(
              await refreshRollup(plan, runner, {
                lateSeconds: Math.round(lateMs / 1000),
                onProgress: progressPrinter(Date.now()),
              })
            );
          }
          return out;
        })
      );
      if (options.json) {
        print(stringify({ catalog: catalog.name, rollups: results }));
      } else {
        print(results.length === 0 ? 'no source has a KPI that a rollup can answer' : results.map(line).join('\n'));
      }
    });
}
