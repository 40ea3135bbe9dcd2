import { Command } from 'commander';
import type { SqlRunner } from '../core/evaluation/runner';
import { OpenKpiError } from '../core/errors';
import { CliError, DatabaseError, errorLine, EXIT, messageOf } from './errors';
import { connect, PgConnection } from './pgRunner';

/** Options that every command accepts (declared on the program). */
export interface GlobalOptions {
  db?: string;
  debug?: boolean;
  statementTimeout: number;
  connectTimeout?: number;
}

/** The global options as seen from a subcommand's action. */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** Runs `fn` with a connection and always closes it, so the process can exit. */
export async function withConnection<T>(
  globals: GlobalOptions,
  fn: (connection: PgConnection) => Promise<T>
): Promise<T> {
  const connection = await connect({
    url: globals.db,
    statementTimeoutMs: globals.statementTimeout,
    connectTimeoutMs: globals.connectTimeout,
  });
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

/** Runs `fn` with a connected SqlRunner (what the core's evaluators take). */
export function withDatabase<T>(globals: GlobalOptions, fn: (runner: SqlRunner) => Promise<T>): Promise<T> {
  return withConnection(globals, (connection) => fn(connection.runner));
}

/**
 * Puts the file and KPI in front of an error and picks its exit code: the core's OpenKpiError
 * (unknown KPI, undeclared dimension…) is the user's (1), a DatabaseError is PostgreSQL's (2),
 * anything else is a bug (3).
 */
export function withContext(err: unknown, context: { file?: string; kpi?: string }): CliError {
  if (err instanceof CliError) {
    return err;
  }
  if (err instanceof OpenKpiError) {
    return new CliError(errorLine(messageOf(err), context), EXIT.usage, { cause: err });
  }
  if (err instanceof DatabaseError) {
    return new CliError(errorLine(messageOf(err), context), EXIT.database, { cause: err });
  }
  return new CliError(errorLine(`internal error: ${messageOf(err)}`, context), EXIT.internal, { cause: err });
}

/** Awaits `fn`, turning whatever it throws into a CliError with this context. */
export async function inContext<T>(context: { file?: string; kpi?: string }, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw withContext(err, context);
  }
}

/** Writes to stdout (a thin seam so every command prints the same way). */
export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}
