import { Command, Option } from 'commander';
import { databaseUrlArg, millisecondsArg } from './args';
import { registerBacktest } from './commands/backtest';
import { registerBreakdown } from './commands/breakdown';
import { registerBuild } from './commands/build';
import { registerDemo } from './commands/demo';
import { registerEval } from './commands/evaluate';
import { registerMigrate } from './commands/migrate';
import { registerOkr } from './commands/okr';
import { registerRecord } from './commands/record';
import { registerReport } from './commands/report';
import { registerRollup } from './commands/rollup';
import { registerSeries } from './commands/series';
import { registerSql } from './commands/sql';
import { registerValidate } from './commands/validate';
import { registerPublish } from './commands/publish';
import { CONNECT_TIMEOUT_MS } from './pgRunner';

/** Adds one command to the program; new commands (e.g. `demo`) go in COMMANDS. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  registerValidate,
  registerSql,
  registerEval,
  registerSeries,
  registerBreakdown,
  registerOkr,
  registerBacktest,
  registerMigrate,
  registerRecord,
  registerReport,
  registerRollup,
  registerBuild,
  registerDemo,
  registerPublish,
];

/**
 * The `openkpi` program (docs/cli.md). Errors are not printed or exited here: `exitOverride`
 * makes commander throw, and main.ts prints one line and sets the exit code.
 */
export function buildProgram(version: string, commands: RegisterCommand[] = COMMANDS): Command {
  const program = new Command('openkpi')
    .description('OpenKPI: evaluate a KPI catalog against PostgreSQL')
    .version(version)
    .option('--db <url>', 'PostgreSQL URL (default: DATABASE_URL, else the PG* environment variables)', databaseUrlArg)
    .addOption(
      new Option('--statement-timeout <ms>', 'cancel a statement after this many milliseconds (0: never)')
        .argParser(millisecondsArg)
        .default(30000)
    )
    .addOption(
      new Option('--connect-timeout <ms>', 'give up reaching PostgreSQL and logging in after this many milliseconds')
        .argParser(millisecondsArg)
        .default(CONNECT_TIMEOUT_MS)
    )
    .option('--debug', 'print stack traces')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // One line: "openkpi: unknown option '--x' (Did you mean --at?)".
      outputError: (message, write) =>
        write(
          `openkpi: ${message
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')}\n`
        ),
    });
  for (const register of commands) {
    register(program);
  }
  // Subcommands inherit exitOverride/configureOutput only when added after they are set.
  program.commands.forEach((c) => c.exitOverride().configureOutput(program.configureOutput()));
  return program;
}
