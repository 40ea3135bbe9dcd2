// Loads every examples/*/data.sql (relative to now(), idempotent) and gives Grafana's read-only
// role access to what they created. Run by the docker compose loader once, and by the refresher
// every 15 minutes so the demo's data keeps arriving (sources have freshness limits).
// The node image has no psql: each data.sql runs through pg as one multi-statement script,
// which PostgreSQL executes as one transaction, so a reload never shows half-loaded data.
// Needs DATABASE_URL (the admin connection) and GRAFANA_DB_PASSWORD.
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
// Grafana's PostgreSQL data source sets no statement timeout: the role carries one, so a runaway
// KPI query from a dashboard or an alert rule is cancelled by the server (the CLI sets its own).
await client.query(`ALTER ROLE grafana_ro SET statement_timeout = '30s'`);
const { rows } = await client.query(
  "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
);
for (const { nspname } of rows) {
  const schema = `"${nspname.replace(/"/g, '""')}"`;
  await client.query(
    `GRANT USAGE ON SCHEMA ${schema} TO grafana_ro; GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO grafana_ro`
  );
}
await client.end();
