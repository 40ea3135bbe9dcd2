import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { parseCatalog } from '../catalog/parse';
import { parseInstant } from '../rules/instant';
import { instant } from './anchor';
import { compileEval } from './evalQuery';

/**
 * `openkpi sql` of a month KPI must be short enough to read: under a third of the 3,340 characters
 * it printed before (docs/engine.md, The shape of an eval statement). The KPI is the one that was measured:
 * examples/service-portal's active developers as a calendar-month count of distinct users
 * (`openkpi sql examples/service-portal/catalog.yaml --kpi active_developers --at 2025-03-10`,
 * output with its final newline).
 */
const FILE = path.join(__dirname, '../../../examples/service-portal/catalog.yaml');

describe('readable SQL', () => {
  it('a month KPI at a literal instant is under a third of 3,340 characters', () => {
    const raw = parse(fs.readFileSync(FILE, 'utf8'));
    const kpi = raw.kpis.find((k: { id: string }) => k.id === 'active_developers');
    Object.assign(kpi, { window: 'month', measure: { aggregate: 'count_distinct', expression: 'user_name' } });
    const { catalog, problems } = parseCatalog(stringify(raw), 'catalog.yaml');
    expect(problems).toEqual([]);
    const at = instant(parseInstant('2025-03-10', catalog!.timezone)!);
    const printed = `${compileEval(catalog!, { kpiIds: ['active_developers'], at })}\n`;
    // The month to date in Berlin, from 1 March, as constants.
    expect(printed).toContain(`s.acted_at >= '2025-02-28T23:00:00Z'::timestamptz`);
    expect(printed.length).toBeLessThan(3340 / 3);
  });
});
