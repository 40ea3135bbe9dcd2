#!/bin/sh
# The docker compose `loader`: builds the plugin and CLI, migrates, loads every example's demo
# data and gives Grafana a read-only role. The provisioning tree is committed (npm run provision).
# Needs DATABASE_URL (the admin connection) and GRAFANA_DB_PASSWORD.
set -eu
cd "$(dirname "$0")/.."

npm ci --no-audit --no-fund
npm run build
npx openkpi migrate

# node image has no psql: run each data.sql with pg (one multi-statement script each), then
# grant the read-only role SELECT on every schema the examples created.
node --input-type=module <<'JS'
import fs from 'node:fs';
import pg from 'pg';
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
for (const dir of fs.readdirSync('examples').sort()) {
  const file = `examples/${dir}/data.sql`;
  if (fs.existsSync(file)) {
    console.log(`loading ${file}`);
    await client.query(fs.readFileSync(file, 'utf8'));
  }
}
const password = process.env.GRAFANA_DB_PASSWORD;
const quoted = `'${password.replace(/'/g, "''")}'`;
await client.query(`DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'grafana_ro') THEN CREATE ROLE grafana_ro LOGIN; END IF;
END $$`);
await client.query(`ALTER ROLE grafana_ro PASSWORD ${quoted}`);
const { rows } = await client.query(
  "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
);
for (const { nspname } of rows) {
  const schema = `"${nspname.replace(/"/g, '""')}"`;
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO grafana_ro; GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO grafana_ro`);
}
await client.end();
JS

npx openkpi eval examples/service-portal/catalog.yaml
