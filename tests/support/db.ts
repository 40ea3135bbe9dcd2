import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A fresh database for one test file, so files can run in parallel without sharing tables. */
export interface TestDatabase {
  url: string;
  client: Client;
  /** Runs SQL and returns the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set: run the tests through jest (tests/support/globalSetup.ts starts PostgreSQL)'
    );
  }
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `openkpi_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    client,
    async query(sql, params) {
      const res = await client.query(sql, params as unknown[]);
      return res.rows;
    },
    async drop() {
      await client.end();
      const a = new Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
