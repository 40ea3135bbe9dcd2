import { Command, InvalidArgumentError } from 'commander';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NOW } from '../../core/compiler/anchor';
import { evaluateKpis } from '../../core/evaluation/evaluate';
import { DEFAULT_OPTIONS } from '../../generators/options';
import { buildTree } from '../buildTree';
import { loadCatalog } from '../catalogFile';
import { inContext, print, withConnection } from '../context';
import { demoExamples, DEMO_DATABASE, findExamplesDir, startDemoDatabase } from '../demoDatabase';
import { CliError, EXIT } from '../errors';
import { anyFreePort } from '../freePort';
import { migrate } from '../migrate';
import { stdoutStyle } from '../output/table';
import { evalTable } from '../output/views';

interface DemoOptions {
  dataDir?: string;
  port?: number;
  out: string;
  examples?: string;
  once?: boolean;
  refreshMinutes: number;
}

/** Loads every example's data.sql (relative to now(); one transaction each, idempotent). */
async function loadExamples(client: { query(sql: string): Promise<unknown> }, files: string[]): Promise<void> {
  for (const file of files) {
    // data.sql is many statements: the client's simple protocol runs them as one script.
    await inContext({ file }, async () => client.query(await readFile(file, 'utf8')));
  }
}

function portArg(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('not a TCP port');
  }
  return port;
}

function minutesArg(text: string): number {
  const minutes = Number(text);
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new InvalidArgumentError('not a whole number of minutes');
  }
  return minutes;
}

/** How to point a Grafana (e.g. the repo's docker compose one) at the demo. */
function grafanaHelp(url: string, port: number, out: string): string {
  return [
    '',
    `PostgreSQL: ${url}`,
    `Provisioning tree: ${out}`,
    // The embedded server only accepts local connections, hence the host network (Linux).
    'To see it in Grafana, start one with the plugin (npm run build) and this tree mounted, e.g. on Linux:',
    `  docker run --rm --network host \\`,
    `    -v "$PWD/dist:/var/lib/grafana/plugins/openkpi-scorecard-app" \\`,
    `    -v "${out}/provisioning:/etc/grafana/provisioning" \\`,
    `    -v "${out}/dashboards:${DEFAULT_OPTIONS.dashboardsPath}" \\`,
    `    -e GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=openkpi-scorecard-app,openkpi-kpi-datasource \\`,
    `    -e OPENKPI_PG_HOST=127.0.0.1:${port} -e OPENKPI_PG_DATABASE=${DEMO_DATABASE} \\`,
    `    -e OPENKPI_PG_USER=postgres -e OPENKPI_PG_PASSWORD=postgres -e OPENKPI_PG_SSLMODE=disable \\`,
    `    grafana/grafana-oss:12.0.2`,
    'then open http://localhost:3000/dashboards (folder "OpenKPI: …", dashboard "…: overview").',
  ].join('\n');
}

/** The port the demo listens on unless told: 5433 when free, else any free one (a second checkout's demo). */
const PREFERRED_PORT = 5433;

/** Whether nothing listens on a loopback port (PostgreSQL listens on localhost). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `--port`, checked; without it 5433 or, when taken, a free port. */
async function demoPort(asked: number | undefined): Promise<number> {
  if (asked !== undefined) {
    if (!(await portFree(asked))) {
      throw new CliError(
        `openkpi: demo: port ${asked} is taken (another demo or PostgreSQL?): pass another --port, or leave it out to get a free one`,
        EXIT.usage
      );
    }
    return asked;
  }
  return (await portFree(PREFERRED_PORT)) ? PREFERRED_PORT : anyFreePort();
}

/**
 * The checkout's own data folder in the temporary directory (two checkouts never share one, and
 * the postgres user reaches it when you are root, unlike a checkout in /root).
 */
export function defaultDataDir(examplesDir: string): string {
  const checkout = path.dirname(path.resolve(examplesDir));
  const id = createHash('sha256').update(checkout).digest('hex').slice(0, 10);
  return path.join(os.tmpdir(), `openkpi-demo-pg-${id}`);
}

/** What to run next against the demo database. */
function nextSteps(url: string): string {
  return [
    '',
    'Try the CLI on it (another terminal, from the checkout):',
    `  export DATABASE_URL=${url}`,
    '  npx openkpi eval examples/service-portal/catalog.yaml',
    '  npx openkpi series examples/service-portal/catalog.yaml --kpi provisioning_success_rate --step week',
  ].join('\n');
}

/** Resolves when the process gets Ctrl-C or SIGTERM. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * `openkpi demo`: an embedded PostgreSQL with every example loaded, each example's scorecard,
 * and the provisioning tree of all examples; runs until Ctrl-C (or exits with `--once`).
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start an embedded PostgreSQL with the examples, print their scorecards, write provisioning')
    .option('--data-dir <dir>', "PostgreSQL data directory (default: this checkout's, in the temporary directory)")
    .option('--port <port>', 'PostgreSQL port (default: 5433, or a free one when it is taken)', portArg)
    .option('--out <dir>', 'where to write the provisioning tree', path.join('.openkpi', 'provisioning-out'))
    .option('--examples <dir>', 'examples directory (default: the repository examples/)')
    .option('--once', 'exit after loading instead of running until Ctrl-C')
    .option('--refresh-minutes <n>', 'reload the demo data this often while running (0: never)', minutesArg, 15)
    .action(async (options: DemoOptions, command: Command) => {
      const examplesDir = options.examples ?? findExamplesDir(__dirname);
      if (!examplesDir) {
        throw new CliError('openkpi: demo: no examples/ directory found; pass --examples DIR', EXIT.usage);
      }
      const examples = demoExamples(examplesDir);
      const catalogs = await Promise.all(examples.map((e) => loadCatalog(e.catalog)));
      const dataDir = path.resolve(options.dataDir ?? defaultDataDir(examplesDir));
      const port = await demoPort(options.port);
      print(`starting PostgreSQL in ${dataDir} on port ${port}…`);
      const db = await inContext({}, () => startDemoDatabase(dataDir, port));
      try {
        const globals = { ...command.optsWithGlobals<{ statementTimeout: number }>(), db: db.url };
        await inContext({}, () =>
          withConnection(globals, async (connection) => {
            await migrate(connection.runner);
            await loadExamples(
              connection.client,
              examples.map((e) => e.data)
            );
            for (const [i, example] of examples.entries()) {
              const result = await inContext({ file: example.catalog }, () =>
                evaluateKpis(catalogs[i], { at: NOW }, connection.runner)
              );
              print(`\n${example.name}: ${catalogs[i].title ?? catalogs[i].name}`);
              print(evalTable(result, stdoutStyle(), catalogs[i]));
            }
          })
        );
        const out = path.resolve(options.out);
        const written = await inContext({}, () =>
          buildTree(
            examples.map((e) => e.catalog),
            out,
            DEFAULT_OPTIONS
          )
        );
        print(`wrote ${written.length} files to ${out}`);
        print(grafanaHelp(db.url, port, out));
        print(nextSteps(db.url));
        if (!options.once) {
          print('\nPostgreSQL is running; press Ctrl-C to stop.');
          // The demo data is relative to load time: reload it so sources stay fresh while it runs.
          const timer =
            options.refreshMinutes > 0
              ? setInterval(() => {
                  withConnection(globals, (connection) =>
                    loadExamples(
                      connection.client,
                      examples.map((e) => e.data)
                    )
                  )
                    .then(() => print(`${new Date().toISOString()} demo data reloaded`))
                    .catch((e) => process.stderr.write(`openkpi: demo: reload failed: ${String(e)}\n`));
                }, options.refreshMinutes * 60_000)
              : undefined;
          await untilInterrupted();
          clearInterval(timer);
        }
      } finally {
        await db.stop();
      }
    });
}
