/** @jest-environment node */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { parseCatalog } from './parse';
import { formatProblem } from './problems';

// Whatever text the editor, the data source or `openkpi validate` is given, the answer is a list of
// positioned problems on short lines: never a thrown error, never a line thousands of characters long.
const ROOT = path.join(__dirname, '..', '..', '..');
const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'service-portal', 'catalog.yaml'), 'utf8');
const LONGEST_LINE = 300;
const BUG = /a bug in OpenKPI/;

function expectCleanProblems(text: string, file = 'x.yaml'): void {
  const { problems } = parseCatalog(text, file);
  for (const p of problems) {
    const line = formatProblem(p);
    expect(line.length).toBeLessThanOrEqual(LONGEST_LINE + file.length);
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(BUG);
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.col).toBeGreaterThanOrEqual(1);
  }
}

describe('parseCatalog on text that is not a catalog', () => {
  it.each(['%', '>', '`', '@', '|', '*'])('reports %s at the start of a top-level line', (ch) => {
    const text = `apiVersion: openkpi/v1\nname: x\n${ch}oops\nkpis: []\n`;
    const { problems } = parseCatalog(text, 'x.yaml');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ line: 3 });
    expectCleanProblems(text);
  });

  it.each(['README.md', 'LICENSE', 'package.json', 'docs/catalog.md'])(
    'reports %s as problems on short lines',
    (file) => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      expect(parseCatalog(text, file).problems.length).toBeGreaterThan(0);
      expectCleanProblems(text, file);
    }
  );

  it('says how many more errors there are instead of printing hundreds', () => {
    const { problems } = parseCatalog(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), 'LICENSE');
    expect(problems.length).toBeLessThanOrEqual(21);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => expectCleanProblems(text)),
      { numRuns: 400 }
    );
  });

  it('never throws when a real catalog is damaged: characters inserted at line starts or anywhere', () => {
    const lines = EXAMPLE.split('\n');
    const damage = fc.record({
      line: fc.nat({ max: lines.length - 1 }),
      col: fc.nat({ max: 40 }),
      text: fc.oneof(
        fc.constantFrom(
          '%',
          '>',
          '`',
          '@',
          '|-',
          '!!',
          '&a',
          '*a',
          '? ',
          '- ',
          ': ',
          '{',
          '[',
          '"',
          "'",
          '#',
          '\t',
          '---\n'
        ),
        fc.string({ maxLength: 6 })
      ),
    });
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 4 }), (edits) => {
        const copy = [...lines];
        for (const { line, col, text } of edits) {
          const l = copy[line];
          const at = Math.min(col, l.length);
          copy[line] = l.slice(0, at) + text + l.slice(at);
        }
        expectCleanProblems(copy.join('\n'));
      }),
      { numRuns: 400 }
    );
  });
});
