import type { Socket } from 'node:net';
import { Client, ClientConfig, types } from 'pg';
import type { SqlRunner } from '../core/evaluation/runner';
import { DatabaseError, messageOf } from './errors';

/** How to reach PostgreSQL: a URL, or undefined for `DATABASE_URL` and then pg's `PG*` defaults. */
export interface ConnectOptions {
  url?: string;
  /** Milliseconds; PostgreSQL cancels a statement that runs longer. */
  statementTimeoutMs: number;
  /** Milliseconds to reach the server and log in (default 10 s). */
  connectTimeoutMs?: number;
}

/**
 * How long past the statement timeout the client still waits for an answer. PostgreSQL itself
 * cancels the statement at the timeout; past this grace the server or the network has stopped
 * answering, and only the client can end the wait.
 */
export const ANSWER_GRACE_MS = 5_000;
/** Default for --connect-timeout. */
export const CONNECT_TIMEOUT_MS = 10_000;

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
    // The client's own deadline per statement: the server cancels at statement_timeout, so no
    // answer by then plus a grace means nobody is answering (a frozen server, a dropped network).
    ...(options.statementTimeoutMs > 0 ? { query_timeout: options.statementTimeoutMs + ANSWER_GRACE_MS } : {}),
    // A session left inside a transaction (a killed client) gives its locks back after a minute.
    idle_in_transaction_session_timeout: 60_000,
    // A host that drops packets would otherwise hang the CLI for minutes; covers log-in too.
    connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    // The kernel notices a peer that vanished while a long statement runs.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
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
  } catch (err) {
    await closeClient(client);
    throw new DatabaseError(`cannot connect to PostgreSQL at ${whereOf(client)}: ${messageOf(err)}`, { cause: err });
  }
  const where = whereOf(client);
  const runner = pgRunner(client, where, options.statementTimeoutMs);
  try {
    // No JIT: its compile ignores statement_timeout and cancels, and our plans stay small (core/compiler/statement.ts).
    // Through the runner, so a server that stops answering right after log-in is reported as such.
    await runner.query('SET jit = off');
  } catch (err) {
    await closeClient(client);
    throw err;
  }
  return { client, runner, close: () => closeClient(client) };
}

/** The client's socket (pg keeps it on its connection); undefined if pg ever moves it. */
function socketOf(client: Client): Socket | undefined {
  return (client as unknown as { connection?: { stream?: Socket } }).connection?.stream;
}

/**
 * Ends the session; a server that stopped answering never acknowledges the goodbye, so after a
 * second the socket is simply closed. Never rejects.
 */
export async function closeClient(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      socketOf(client)?.destroy();
      resolve();
    }, 1_000);
  });
  await Promise.race([client.end().catch(() => undefined), gaveUp]);
  clearTimeout(timer);
}

/**
 * A SqlRunner over a connected client: one statement in, rows as plain objects out. When the
 * client's deadline passes (no answer at all), the connection is closed so that the statements
 * after it fail at once instead of queueing behind the lost one.
 */
export function pgRunner(client: Client, where = whereOf(client), statementTimeoutMs = 0): SqlRunner {
  return {
    async query(sql: string) {
      try {
        const result = await client.query(sql);
        return result.rows as Array<Record<string, unknown>>;
      } catch (err) {
        if (messageOf(err) === 'Query read timeout') {
          socketOf(client)?.destroy();
          const waited = Math.round((statementTimeoutMs + ANSWER_GRACE_MS) / 1000);
          throw new DatabaseError(
            `no answer from PostgreSQL at ${where} for ${waited} s (statement timeout ${statementTimeoutMs / 1000} s): the server or the network stopped answering`,
            { cause: err }
          );
        }
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
