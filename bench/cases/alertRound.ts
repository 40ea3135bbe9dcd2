/**
 * One alert evaluation round of the five examples: every statement of every rule `openkpi build`
 * generates, run once against the examples' demo data, as Grafana runs them each interval.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATION_SQL } from '../../src/cli/migrate';
import { parseCatalog } from '../../src/core/catalog/parse';
import { rulesOf } from '../../src/generators/alertRules';
import type { Case } from '../support/measure';
import { figures, Query } from '../support/query';

/** The measurement before rules were one per catalog and severity: 3.3 s (docs/alerting.md). */
const TARGET_ROUND_MS = 2500;

interface RuleQuery {
  datasourceUid: string;
  model: { rawSql?: string };
}

/** Loads the examples' demo data and returns the round as a case (no baseline: an absolute target). */
export async function alertRoundCase(q: Query, examples = path.join(process.cwd(), 'examples')): Promise<Case> {
  await q(MIGRATION_SQL);
  let rules = 0;
  const statements: string[] = [];
  const names = fs.readdirSync(examples).filter((d) => fs.existsSync(path.join(examples, d, 'catalog.yaml')));
  for (const name of names.sort()) {
    await q(fs.readFileSync(path.join(examples, name, 'data.sql'), 'utf8'));
    const file = path.join(examples, name, 'catalog.yaml');
    const { catalog, problems } = parseCatalog(fs.readFileSync(file, 'utf8'), file);
    if (!catalog) {
      throw new Error(problems.map((p) => p.message).join('\n'));
    }
    const planned = rulesOf(catalog);
    rules += planned.length;
    statements.push(
      ...planned.flatMap(({ rule }) =>
        (rule.data as RuleQuery[]).filter((d) => d.datasourceUid !== '__expr__').map((d) => d.model.rawSql!)
      )
    );
  }
  await q('ANALYZE');
  return {
    name: `alert round, five examples (${rules} rules, ${statements.length} statements)`,
    compiled: async () => {
      const out: number[] = [];
      for (const sql of statements) {
        out.push(...figures(await q(sql)));
      }
      return out;
    },
    targetMs: TARGET_ROUND_MS,
  };
}
