import { Client, ClientConfig, types } from 'pg';
import type { SqlRunner } from '../core/evaluation/runner';
import { DatabaseError, messageOf } from './errors';

/** How to reach PostgreSQL: a URL, or undefined for `DATABASE_URL` and then pg's `PG*` defaults. */
export interface ConnectOptions {
  url?: string;
  /** Milliseconds; PostgreSQL cancels a statement that runs longer. */
  statementTimeoutMs: number;
}

/** A connected runner; `close` must be called so the process can exit. */
export interface PgConnection {
  runner: SqlRunner;
  client: Client;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * bigint and numeric arrive as strings (they may not fit a double). KPI figures are reported
 * as JSON numbers anyway, so they are read as numbers; everything else keeps pg's parsers.
 */
const numberTypes: ClientConfig['types'] = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((oid === INT8_OID || oid === NUMERIC_OID) && format !== 'binary') {
      return (value: string) => Number(value);
    }
    return types.getTypeParser(oid, format);
  }) as typeof types.getTypeParser,
};

/** The client configuration for these options (exported for tests and other Node tools). */
export function clientConfig(options: ConnectOptions): ClientConfig {
  const connectionString = options.url ?? process.env.DATABASE_URL;
  return {
    // Without a connection string pg reads PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD...
    ...(connectionString ? { connectionString } : {}),
    statement_timeout: options.statementTimeoutMs,
    // A host that drops packets would otherwise hang the CLI for minutes.
    connectionTimeoutMillis: 10_000,
    application_name: 'openkpi',
    types: numberTypes,
  };
}

/** `host:port` of a client, or the socket directory for a Unix-socket connection. */
function whereOf(client: Client): string {
  return client.host?.startsWith('/') ? `${client.host} (port ${client.port})` : `${client.host}:${client.port}`;
}

/**
 * Connects to PostgreSQL. Connection failures (refused, unknown host, bad password, no such
 * database) throw a DatabaseError "cannot connect to PostgreSQL at host:port: <cause>".
 */
export async function connect(options: ConnectOptions): Promise<PgConnection> {
  let client: Client;
  try {
    client = new Client(clientConfig(options));
  } catch (err) {
    // e.g. a malformed URL
    throw new DatabaseError(`cannot connect to PostgreSQL: ${messageOf(err)}`, { cause: err });
  }
  // An idle client whose server goes away emits 'error'; without a listener Node would crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    // No JIT: its compile ignores statement_timeout and cancels, and our plans stay small (core/compiler/statement.ts).
    await client.query('SET jit = off');
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new DatabaseError(`cannot connect to PostgreSQL at ${whereOf(client)}: ${messageOf(err)}`, { cause: err });
  }
  return {
    client,
    runner: pgRunner(client),
    close: () => client.end().catch(() => undefined),
  };
}

/** A SqlRunner over a connected client: one statement in, rows as plain objects out. */
export function pgRunner(client: Client): SqlRunner {
  return {
    async query(sql: string) {
      try {
        const result = await client.query(sql);
        return result.rows as Array<Record<string, unknown>>;
      } catch (err) {
        throw new DatabaseError(pgMessage(err), { cause: err });
      }
    },
  };
}

/** PostgreSQL's message, with its hint when it has one (e.g. "Perhaps you meant column ..."). */
export function pgMessage(err: unknown): string {
  const message = messageOf(err);
  const hint = typeof err === 'object' && err !== null ? (err as { hint?: unknown }).hint : undefined;
  return typeof hint === 'string' && hint !== '' ? `${message} (hint: ${messageOf(hint)})` : message;
}
