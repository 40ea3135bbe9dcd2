/**
 * Errors the CLI reports as one line on stderr, with the exit code documented in docs/cli.md.
 */

/** Exit codes (docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** Bad input: catalog problems, unknown KPI or dimension, bad arguments, unreadable file. */
  usage: 1,
  /** The database: unreachable, or a query failed. */
  database: 2,
  /** A bug in openkpi itself. */
  internal: 3,
  /** A report could not be delivered: the SMTP server refused it or could not be reached. */
  mail: 4,
  /** Grafana (publish): unreachable, refused, too old, missing data sources, conflicts. */
  grafana: 5,
  /** `publish --check`: Grafana differs from the catalogs. */
  drift: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error already phrased for the user: `lines` go to stderr as they are. */
export class CliError extends Error {
  readonly lines: string[];
  readonly exitCode: ExitCode;

  constructor(lines: string | string[], exitCode: ExitCode, options?: { cause?: unknown }) {
    const all = Array.isArray(lines) ? lines : [lines];
    super(all.join('\n'), options);
    this.name = 'CliError';
    this.lines = all;
    this.exitCode = exitCode;
  }
}

/** A failure reported by PostgreSQL or the connection to it (exit 2). */
export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/** `openkpi: <file>: <kpi>: <cause>`, leaving out the parts that are not known. */
export function errorLine(cause: string, context: { file?: string; kpi?: string } = {}): string {
  const parts = ['openkpi', context.file, context.kpi, cause].filter((p): p is string => p !== undefined && p !== '');
  return parts.join(': ');
}

/** The message of anything thrown, on one line; AggregateError (IPv4 + IPv6 connect) lists its errors. */
export function messageOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    const inner = err.errors.map(messageOf);
    return [...new Set(inner)].join('; ');
  }
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
