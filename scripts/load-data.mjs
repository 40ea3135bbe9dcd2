// Loads every examples/*/data.sql (relative to now(), idempotent) and gives Grafana's read-only
// role read access to the schemas the example catalogs use, and nothing else. Run by the docker compose loader once, and by the refresher
// every 15 minutes so the demo's data keeps arriving (sources have freshness limits).
// The node image has no psql: each data.sql runs through pg as one multi-statement script,
// which PostgreSQL executes as one transaction, so a reload never shows half-loaded data.
// Needs DATABASE_URL (the admin connection) and GRAFANA_DB_PASSWORD.
import fs from 'node:fs';
import pg from 'pg';
import YAML from 'yaml';
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
// Only the schemas the example catalogs read (their table sources, and openkpi for manual KPIs):
// a viewer with devtools can send any SELECT the role allows (docs/security.md).
const schemas = new Set(['openkpi']);
for (const dir of fs.readdirSync('examples').sort()) {
  const file = `examples/${dir}/catalog.yaml`;
  if (fs.existsSync(file)) {
    const catalog = YAML.parse(fs.readFileSync(file, 'utf8'));
    for (const source of Object.values(catalog.sources ?? {})) {
      if (typeof source.table === 'string' && source.table.includes('.')) {
        schemas.add(source.table.split('.')[0]);
      }
    }
  }
}
for (const name of [...schemas].sort()) {
  const schema = `"${name.replace(/"/g, '""')}"`;
  console.log(`grafana_ro may read schema ${name}`);
  await client.query(
    `GRANT USAGE ON SCHEMA ${schema} TO grafana_ro; GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO grafana_ro`
  );
}
await client.end();
