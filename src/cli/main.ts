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
    process.exitCode = report(err, debug);
  }
}

void main(process.argv);
