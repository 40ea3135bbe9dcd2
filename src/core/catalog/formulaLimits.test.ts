/** @jest-environment node */
import { compileEval } from '../compiler/evalQuery';
import { NOW } from '../compiler/anchor';
import { parseCatalog } from './parse';
import { formatProblem } from './problems';

// Hostile formula catalogs: validation answers with one positioned problem, never a stack
// overflow, and what it accepts compiles.
function catalogText(kpis: string[]): string {
  return [
    'apiVersion: openkpi/v1',
    'name: limits',
    'sources:',
    '  events: { table: events, time: t }',
    'kpis:',
    '  - { id: base, name: Base, source: events, window: 1d, measure: { aggregate: count } }',
    ...kpis,
  ].join('\n');
}
const formula = (id: string, text: string): string => `  - { id: ${id}, name: ${id}, measure: { formula: "${text}" } }`;

describe('formula limits', () => {
  it('refuses a formula of 12,000 terms at the first term too many', () => {
    const text = catalogText([formula('big', Array.from({ length: 12_000 }, () => 'base').join(' + '))]);
    const { problems } = parseCatalog(text, 'c.yaml');
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^c\.yaml:7:\d+: kpis\[1\]\.measure\.formula: invalid formula: 12000 numbers and KPI ids, more than 200 at offset 1400$/
      ),
    ]);
  });

  it('accepts 200 terms and compiles them', () => {
    const text = catalogText([formula('big', Array.from({ length: 200 }, () => 'base').join(' + '))]);
    const { catalog, problems } = parseCatalog(text, 'c.yaml');
    expect(problems).toEqual([]);
    expect(compileEval(catalog!, { at: NOW, kpiIds: ['big'] })).toContain('SELECT');
  });

  it('refuses a chain of 2,000 formula KPIs once, where it passes ten levels', () => {
    const chain = Array.from({ length: 2000 }, (_, i) => formula(`f${i}`, i === 0 ? 'base + 1' : `f${i - 1} + 1`));
    const { problems } = parseCatalog(catalogText(chain), 'c.yaml');
    expect(problems.map(formatProblem)).toEqual([
      'c.yaml:17:47: kpis[11].measure.formula: formulas nested 11 levels deep (a formula using a formula…), more than 10',
    ]);
  });

  it('accepts ten levels of formulas', () => {
    const chain = Array.from({ length: 10 }, (_, i) => formula(`f${i}`, i === 0 ? 'base + 1' : `f${i - 1} + 1`));
    const { catalog, problems } = parseCatalog(catalogText(chain), 'c.yaml');
    expect(problems).toEqual([]);
    expect(compileEval(catalog!, { at: NOW, kpiIds: ['f9'] })).toContain('SELECT');
  });

  it('refuses a formula that uses another twice at every level, before its statement explodes', () => {
    const chain = Array.from({ length: 12 }, (_, i) =>
      formula(`d${i}`, i === 0 ? 'base + base' : `d${i - 1} + d${i - 1} / 2`)
    );
    const { problems } = parseCatalog(catalogText(chain), 'c.yaml');
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /^c\.yaml:16:\d+: kpis\[10\]\.measure\.formula: this formula stands for 1024 KPI values once the formulas it uses are written out, more than 1000/
      ),
    ]);
  });

  it('reports a cycle through 2,000 KPIs in a few words', () => {
    const ring = Array.from({ length: 2000 }, (_, i) => formula(`r${i}`, `r${(i + 1) % 2000} + 1`));
    const { problems } = parseCatalog(catalogText(ring), 'c.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^formula cycle: r0 -> r1 -> r2 -> … \(1996 more\) -> r1999 -> r0$/);
  });
});
