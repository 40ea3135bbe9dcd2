/** @jest-environment node */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The layering rule of eslint.config.mjs fails the lint on a forbidden import, and lets an
// allowed one through. Each case lints a made-up text as if it were an existing file of a layer.
const root = path.resolve(__dirname, '../..');

const CASES: Array<[string, string, string, boolean]> = [
  // [file it pretends to be, import, what, forbidden?]
  ['src/core/rules/status.ts', '../../datasource/frames', 'core → datasource', true],
  ['src/core/rules/status.ts', '@grafana/data', 'core → Grafana', true],
  ['src/core/rules/status.ts', 'react', 'core → React', true],
  ['src/core/rules/status.ts', 'node:fs', 'core → Node', true],
  ['src/core/rules/status.ts', '../../query/model', 'core → query', true],
  ['src/generators/alertText.ts', '../datasource/frames', 'generators → datasource', true],
  ['src/generators/alertText.ts', '../pages/Kpi', 'generators → pages', true],
  ['src/components/StatusBadge/StatusBadge.tsx', '../../pages/Kpi', 'components → pages', true],
  ['src/datasource/frames.ts', '../cli/main', 'datasource → cli', true],
  ['src/datasource/frames.ts', '../generators/alertText', 'datasource → generators', true],
  ['src/reports/build.ts', '../cli/main', 'reports → cli', true],
  ['src/reports/build.ts', '../datasource/frames', 'reports → datasource', true],
  ['src/core/rules/status.ts', '../catalog/model', 'core → core', false],
  ['src/reports/build.ts', '../core/rules/status', 'reports → core', false],
  ['src/core/rules/instant.ts', 'luxon', 'core → luxon', false],
  ['src/generators/alertText.ts', '../query/model', 'generators → query', false],
  ['src/datasource/frames.ts', '../core/rules/status', 'datasource → core', false],
];

/**
 * Lints every case in one child process: ESLint loads the flat config (an ES module), which
 * jest's module sandbox cannot import. Returns, per case, the severities of layering messages.
 */
function lintCases(): number[][] {
  const script = `
    import { ESLint } from 'eslint';
    const cases = JSON.parse(process.argv[1]);
    // Only the layering rule, without type information: with CI=true typescript-eslint infers a
    // single run and parses a file's first lint from disk, not from the text given here.
    const eslint = new ESLint({
      cwd: process.cwd(),
      ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
      overrideConfig: { languageOptions: { parserOptions: { project: null, projectService: false } } },
    });
    const out = [];
    for (const [filePath, from] of cases) {
      const code = "import * as probe from '" + from + "';\\n\\nexport const used = probe;\\n";
      const [r] = await eslint.lintText(code, { filePath });
      if (r.fatalErrorCount > 0) throw new Error(filePath + ': ' + r.messages.map((m) => m.message).join('; '));
      out.push(r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.severity));
    }
    console.log("LAYERING " + JSON.stringify(out));
  `;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(CASES)], {
    cwd: root,
    encoding: 'utf8',
  });
  // A plugin may print a deprecation notice first: read only our line.
  const line = stdout.split('\n').find((l) => l.startsWith('LAYERING '));
  return JSON.parse(line!.slice('LAYERING '.length));
}

describe('ESLint layering (no-restricted-imports per folder)', () => {
  let results: number[][];
  beforeAll(() => {
    results = lintCases();
  }, 180_000);

  it.each(CASES.map((c, i) => [...c, i] as const))(
    '%s importing %s (%s): forbidden %p',
    (_file, _from, _what, forbidden, i) => {
      // A forbidden import is an error (severity 2); an allowed one gets no layering message.
      expect(results[i]).toEqual(forbidden ? [2] : []);
    }
  );
});
