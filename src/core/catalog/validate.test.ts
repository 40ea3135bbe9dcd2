/** @jest-environment node */
import { parseCatalog } from './parse';
import { Problem, formatProblem } from './problems';

/**
 * Each case is a small catalog with one mistake. The expected place is given as a line and
 * a piece of that line's text (`[18, '30days']`): the column is where that text starts.
 * A few tests at the end spell out exact line:col numbers.
 */
interface Case {
  text: string;
  path: string;
  message: RegExp;
  at: [number, string];
}

const HEADER = [
  'apiVersion: openkpi/v1', // 1
  'name: test', // 2
  'timezone: Europe/Berlin', // 3
  'sources:', // 4
  '  runs:', // 5
  '    table: portal.runs', // 6
  '    time: finished_at', // 7
  '    dimensions: [team]', // 8
  'kpis:', // 9
  '  - id: base', // 10
  '    name: Base', // 11
  '    source: runs', // 12
  '    window: 30d', // 13
  '    measure: { aggregate: count }', // 14
];

/** A catalog whose second KPI (kpis[1], from line 15) is made of `lines`. */
function withKpi(...lines: string[]): string {
  return [...HEADER, ...lines.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))].join('\n') + '\n';
}

/** A catalog with one source `s` (its keys from line 5) and no KPIs. */
function withSource(...lines: string[]): string {
  return (
    ['apiVersion: openkpi/v1', 'name: test', 'sources:', '  s:', ...lines.map((l) => `    ${l}`), 'kpis: []'].join(
      '\n'
    ) + '\n'
  );
}

const OK = ['id: t', 'name: T', 'source: runs', 'window: 7d'];
const COUNT = 'measure: { aggregate: count }';

function kpiCase(lines: string[], path: string, message: RegExp, at: [number, string]): Case {
  return { text: withKpi(...lines), path, message, at };
}

function sourceCase(lines: string[], path: string, message: RegExp, at: [number, string]): Case {
  return { text: withSource(...lines), path, message, at };
}

const TOP_CASES: Array<[string, Case]> = [
  [
    'apiVersion other than openkpi/v1',
    {
      text: 'apiVersion: openkpi/v2\nname: t\nkpis: []\n',
      path: 'apiVersion',
      message: /unsupported apiVersion "openkpi\/v2"/,
      at: [1, 'openkpi/v2'],
    },
  ],
  [
    'missing apiVersion (at the top mapping)',
    { text: 'name: t\nkpis: []\n', path: 'apiVersion', message: /missing required key "apiVersion"/, at: [1, 'name'] },
  ],
  [
    'catalog name not a slug',
    {
      text: 'apiVersion: openkpi/v1\nname: My_Portal\nkpis: []\n',
      path: 'name',
      message: /invalid catalog name/,
      at: [2, 'My_Portal'],
    },
  ],
  [
    'unknown time zone',
    {
      text: 'apiVersion: openkpi/v1\nname: t\ntimezone: Mars/Base\nkpis: []\n',
      path: 'timezone',
      message: /unknown time zone "Mars\/Base"/,
      at: [3, 'Mars'],
    },
  ],
  [
    'an offset is not a time zone',
    {
      text: 'apiVersion: openkpi/v1\nname: t\ntimezone: "+02:00"\nkpis: []\n',
      path: 'timezone',
      message: /unknown time zone/,
      at: [3, '"+02'],
    },
  ],
  [
    'unknown top-level key',
    {
      text: 'apiVersion: openkpi/v1\nname: t\nkpis: []\ntitel: T\n',
      path: 'titel',
      message: /unknown key "titel" \(did you mean "title"\?\)/,
      at: [4, 'titel'],
    },
  ],
  [
    'kpis not a list',
    {
      text: 'apiVersion: openkpi/v1\nname: t\nkpis: {}\n',
      path: 'kpis',
      message: /expected a list, got a mapping/,
      at: [3, '{}'],
    },
  ],
  [
    'missing kpis',
    {
      text: 'apiVersion: openkpi/v1\nname: t\n',
      path: 'kpis',
      message: /missing required key "kpis"/,
      at: [1, 'apiVersion'],
    },
  ],
];

const SOURCE_CASES: Array<[string, Case]> = [
  ['neither table nor sql', sourceCase(['time: t'], 'sources.s', /either table .* or sql/, [4, 's:'])],
  [
    'both table and sql',
    sourceCase(['table: a', 'sql: SELECT 1', 'time: t'], 'sources.s.sql', /not both/, [6, 'SELECT']),
  ],
  ['missing time', sourceCase(['table: a'], 'sources.s.time', /missing required key "time"/, [4, 's:'])],
  [
    'table with three parts',
    sourceCase(['table: a.b.c', 'time: t'], 'sources.s.table', /invalid table "a.b.c"/, [5, 'a.b.c']),
  ],
  ['table with an empty part', sourceCase(['table: a..b', 'time: t'], 'sources.s.table', /invalid table/, [5, 'a..b'])],
  ['table with a quote', sourceCase(["table: 'we\"ird'", 'time: t'], 'sources.s.table', /invalid table/, [5, "'we"])],
  [
    'table with SQL in it',
    sourceCase(['table: "x; DROP TABLE y"', 'time: t'], 'sources.s.table', /invalid table/, [5, '"x;']),
  ],
  [
    'time not an identifier',
    sourceCase(['table: a', 'time: finished at'], 'sources.s.time', /invalid column name "finished at"/, [
      6,
      'finished',
    ]),
  ],
  ['time not a string', sourceCase(['table: a', 'time: 5'], 'sources.s.time', /expected a string, got 5/, [6, '5'])],
  [
    'dimension with a quote',
    sourceCase(
      ['table: a', 'time: t', 'dimensions: [ok, "O\'Brien"]'],
      'sources.s.dimensions[1]',
      /invalid column name "O'Brien"/,
      [7, '"O']
    ),
  ],
  [
    'dimension listed twice',
    sourceCase(['table: a', 'time: t', 'dimensions: [a, b, a]'], 'sources.s.dimensions[2]', /listed twice/, [7, 'a]']),
  ],
  [
    'bad freshness',
    sourceCase(
      ['table: a', 'time: t', 'freshness: 15 minutes'],
      'sources.s.freshness',
      /invalid duration "15 minutes"/,
      [7, '15']
    ),
  ],
  [
    'calendar freshness',
    sourceCase(['table: a', 'time: t', 'freshness: day'], 'sources.s.freshness', /invalid duration/, [7, 'day']),
  ],
  [
    'sql not a query',
    sourceCase(['sql: DELETE FROM users', 'time: t'], 'sources.s.sql', /starting with SELECT or WITH/, [5, 'DELETE']),
  ],
  [
    'sql with two statements',
    sourceCase(['sql: SELECT 1; DROP TABLE t', 'time: t'], 'sources.s.sql', /";" at offset 8/, [5, 'SELECT']),
  ],
  [
    'sql with a comment',
    sourceCase(['sql: SELECT t FROM x -- y', 'time: t'], 'sources.s.sql', /comments/, [5, 'SELECT']),
  ],
  ['unknown source key', sourceCase(['tabel: a', 'time: t'], 'sources.s.tabel', /did you mean "table"/, [5, 'tabel'])],
  [
    'source named manual',
    {
      text: withSource('table: a', 'time: t').replace('  s:', '  manual:'),
      path: 'sources.manual',
      message: /built-in/,
      at: [4, 'manual'],
    },
  ],
  [
    'source name not lower-case',
    {
      text: withSource('table: a', 'time: t').replace('  s:', '  Runs:'),
      path: 'sources.Runs',
      message: /invalid source name "Runs"/,
      at: [4, 'Runs'],
    },
  ],
];

const KPI_CASES: Array<[string, Case]> = [
  [
    'invalid id',
    kpiCase(['id: Bad-Id', 'name: T', 'source: runs', 'window: 7d', COUNT], 'kpis[1].id', /invalid KPI id "Bad-Id"/, [
      15,
      'Bad',
    ]),
  ],
  [
    'id with a quote',
    kpiCase(['id: "o\'brien"', 'name: T', 'source: runs', 'window: 7d', COUNT], 'kpis[1].id', /invalid KPI id/, [
      15,
      '"o',
    ]),
  ],
  [
    'duplicate id (at the second)',
    kpiCase(
      ['id: base', 'name: T', 'source: runs', 'window: 7d', COUNT],
      'kpis[1].id',
      /duplicate KPI id "base": already used by kpis\[0\]/,
      [15, 'base']
    ),
  ],
  [
    'empty name',
    kpiCase(['id: t', 'name: " "', 'source: runs', 'window: 7d', COUNT], 'kpis[1].name', /must not be empty/, [
      16,
      '" "',
    ]),
  ],
  [
    'missing name',
    kpiCase(['id: t', 'source: runs', 'window: 7d', COUNT], 'kpis[1].name', /missing required key "name"/, [15, 'id']),
  ],
  [
    'unknown source',
    kpiCase(
      ['id: t', 'name: T', 'source: nope', 'window: 7d', COUNT],
      'kpis[1].source',
      /unknown source "nope"; declared: runs, manual \(built-in\)/,
      [17, 'nope']
    ),
  ],
  [
    'inherited name is not a source',
    kpiCase(
      ['id: t', 'name: T', 'source: constructor', 'window: 7d', COUNT],
      'kpis[1].source',
      /unknown source "constructor"/,
      [17, 'constructor']
    ),
  ],
  [
    'missing source',
    kpiCase(['id: t', 'name: T', 'window: 7d', COUNT], 'kpis[1].source', /missing required key "source"/, [15, 'id']),
  ],
  [
    'missing window',
    kpiCase(['id: t', 'name: T', 'source: runs', COUNT], 'kpis[1].window', /missing required key "window"/, [15, 'id']),
  ],
  [
    'window with a unit word',
    kpiCase(
      ['id: t', 'name: T', 'source: runs', 'window: 30days', COUNT],
      'kpis[1].window',
      /invalid window "30days"/,
      [18, '30days']
    ),
  ],
  [
    'zero window',
    kpiCase(['id: t', 'name: T', 'source: runs', 'window: 0d', COUNT], 'kpis[1].window', /invalid window "0d"/, [
      18,
      '0d',
    ]),
  ],
  [
    'fractional window',
    kpiCase(['id: t', 'name: T', 'source: runs', 'window: 1.5h', COUNT], 'kpis[1].window', /invalid window/, [
      18,
      '1.5h',
    ]),
  ],
  [
    'numeric window',
    kpiCase(['id: t', 'name: T', 'source: runs', 'window: 30', COUNT], 'kpis[1].window', /expected a string, got 30/, [
      18,
      '30',
    ]),
  ],
  ['missing measure', kpiCase(OK, 'kpis[1].measure', /missing required key "measure"/, [15, 'id'])],
  [
    'two measure forms',
    kpiCase(
      [...OK, 'measure: { aggregate: count, formula: base }'],
      'kpis[1].measure',
      /exactly one of .*; found aggregate and formula/,
      [19, '{']
    ),
  ],
  [
    'no measure form',
    kpiCase([...OK, 'measure: { expression: x }'], 'kpis[1].measure', /exactly one of .*; found none/, [19, '{']),
  ],
  [
    'block measure without form (at its key)',
    kpiCase([...OK, 'measure:', '  filter: x'], 'kpis[1].measure', /found none/, [19, 'measure']),
  ],
  [
    'unknown aggregate',
    kpiCase(
      [...OK, 'measure: { aggregate: median, expression: x }'],
      'kpis[1].measure.aggregate',
      /expected one of count, count_distinct, .*; got "median"/,
      [19, 'median']
    ),
  ],
  [
    'aggregate without expression',
    kpiCase(
      [...OK, 'measure: { aggregate: sum }'],
      'kpis[1].measure.expression',
      /aggregate "sum" needs an expression/,
      [19, '{']
    ),
  ],
  [
    'scale on an aggregate',
    kpiCase(
      [...OK, 'measure: { aggregate: count, scale: 2 }'],
      'kpis[1].measure.scale',
      /only goes with ratio measures/,
      [19, 'scale']
    ),
  ],
  [
    'expression on a ratio',
    kpiCase(
      [
        ...OK,
        'measure:',
        '  ratio: { numerator: { aggregate: count }, denominator: { aggregate: count } }',
        '  expression: x',
      ],
      'kpis[1].measure.expression',
      /only goes with aggregate measures; this one is ratio/,
      [21, 'expression']
    ),
  ],
  [
    'ratio part without expression',
    kpiCase(
      [...OK, 'measure:', '  ratio:', '    numerator: { aggregate: avg }', '    denominator: { aggregate: count }'],
      'kpis[1].measure.ratio.numerator.expression',
      /aggregate "avg" needs an expression/,
      [21, '{']
    ),
  ],
  [
    'ratio without denominator',
    kpiCase(
      [...OK, 'measure: { ratio: { numerator: { aggregate: count } } }'],
      'kpis[1].measure.ratio.denominator',
      /missing required key "denominator"/,
      [19, '{ numerator']
    ),
  ],
  [
    'ratio part that is not an aggregate',
    kpiCase(
      [...OK, 'measure: { ratio: { numerator: { formula: a }, denominator: { aggregate: count } } }'],
      'kpis[1].measure.ratio.numerator.formula',
      /unknown key "formula"/,
      [19, 'formula']
    ),
  ],
  [
    'nps without expression',
    kpiCase(
      [...OK, 'measure: { nps: { filter: "x > 1" } }'],
      'kpis[1].measure.nps.expression',
      /missing required key "expression"/,
      [19, '{ filter']
    ),
  ],
  [
    'nps with a bad expression',
    kpiCase(
      [...OK, 'measure: { nps: { expression: "score)" } }'],
      'kpis[1].measure.nps.expression',
      /"\)" at offset 5 has no matching/,
      [19, '"score']
    ),
  ],
  [
    'formula KPI with a source',
    kpiCase(
      ['id: t', 'name: T', 'source: runs', 'measure: { formula: "base * 2" }'],
      'kpis[1].source',
      /a formula KPI has no source/,
      [17, 'source']
    ),
  ],
  [
    'formula KPI with a filter',
    kpiCase(
      ['id: t', 'name: T', 'filter: x > 1', 'measure: { formula: "base * 2" }'],
      'kpis[1].filter',
      /a formula KPI has no filter/,
      [17, 'filter']
    ),
  ],
  [
    'formula syntax error',
    kpiCase(
      ['id: t', 'name: T', 'measure: { formula: "base *" }'],
      'kpis[1].measure.formula',
      /invalid formula: expected a number, a KPI id or "\(" but found end of formula at offset 6/,
      [17, '"base']
    ),
  ],
  [
    'formula with an unknown KPI',
    kpiCase(
      ['id: t', 'name: T', 'measure: { formula: "base + nope" }'],
      'kpis[1].measure.formula',
      /unknown KPI "nope" in formula/,
      [17, '"base']
    ),
  ],
  [
    'formula using itself',
    kpiCase(
      ['id: t', 'name: T', 'measure: { formula: "t + 1" }'],
      'kpis[1].measure.formula',
      /cannot use its own KPI "t"/,
      [17, '"t']
    ),
  ],
  [
    'formula without KPIs',
    kpiCase(['id: t', 'name: T', 'measure: { formula: "1 + 2" }'], 'kpis[1].measure.formula', /at least one KPI/, [
      17,
      '"1',
    ]),
  ],
  [
    'filter with an open string',
    kpiCase(
      [...OK, "filter: \"name = 'O'Brien'\"", COUNT],
      'kpis[1].filter',
      /unterminated string starting at offset 15/,
      [19, '"name']
    ),
  ],
  [
    'filter with a second statement',
    kpiCase([...OK, 'filter: "x = 1; DROP TABLE runs"', COUNT], 'kpis[1].filter', /";" at offset 5/, [19, '"x']),
  ],
  [
    'filter with a comment',
    kpiCase([...OK, 'filter: "x = 1 --"', COUNT], 'kpis[1].filter', /comments \(--\)/, [19, '"x']),
  ],
  [
    'filter closing a parenthesis',
    kpiCase([...OK, 'filter: "x = 1) OR (1 = 1"', COUNT], 'kpis[1].filter', /has no matching "\("/, [19, '"x']),
  ],
  [
    'expression with an open dollar quote',
    kpiCase(
      [...OK, 'measure: { aggregate: sum, expression: "$x$ 1" }'],
      'kpis[1].measure.expression',
      /unterminated dollar-quoted/,
      [19, '"$x']
    ),
  ],
  [
    'measure filter with a comment',
    kpiCase([...OK, 'measure: { aggregate: count, filter: "a /* b */" }'], 'kpis[1].measure.filter', /comments/, [
      19,
      '"a',
    ]),
  ],
  [
    'unknown direction',
    kpiCase([...OK, COUNT, 'direction: up'], 'kpis[1].direction', /expected one of higher, lower; got "up"/, [
      20,
      'up',
    ]),
  ],
  [
    'target not a number',
    kpiCase([...OK, COUNT, 'target: 95%'], 'kpis[1].target', /expected a finite number, got "95%"/, [20, '95%']),
  ],
  [
    'target infinite',
    kpiCase([...OK, COUNT, 'target: .inf'], 'kpis[1].target', /expected a finite number, got Infinity/, [20, '.inf']),
  ],
  [
    'tags not a list',
    kpiCase([...OK, COUNT, 'tags: provisioning'], 'kpis[1].tags', /expected a list, got "provisioning"/, [
      20,
      'provisioning',
    ]),
  ],
  [
    'unit empty value',
    kpiCase([...OK, COUNT, 'unit:'], 'kpis[1].unit', /expected a string, got an empty value/, [20, 'unit']),
  ],
  [
    'fractional decimals',
    kpiCase([...OK, COUNT, 'decimals: 1.5'], 'kpis[1].decimals', /whole number from 0 to 10, got 1.5/, [20, '1.5']),
  ],
  [
    'negative decimals',
    kpiCase([...OK, COUNT, 'decimals: -1'], 'kpis[1].decimals', /whole number from 0 to 10/, [20, '-1']),
  ],
  [
    'too many decimals',
    kpiCase([...OK, COUNT, 'decimals: 11'], 'kpis[1].decimals', /whole number from 0 to 10/, [20, '11']),
  ],
  [
    'thresholds upside down (higher)',
    kpiCase(
      [...OK, COUNT, 'thresholds: { warning: 90, critical: 95 }'],
      'kpis[1].thresholds.critical',
      /critical \(95\) must not be above warning \(90\) when higher is better/,
      [20, '95']
    ),
  ],
  [
    'thresholds upside down (lower)',
    kpiCase(
      [...OK, COUNT, 'direction: lower', 'thresholds: { warning: 10, critical: 5 }'],
      'kpis[1].thresholds.critical',
      /critical \(5\) must not be below warning \(10\) when lower is better/,
      [21, '5 }']
    ),
  ],
  [
    'unknown thresholds key',
    kpiCase([...OK, COUNT, 'thresholds: { warn: 1 }'], 'kpis[1].thresholds.warn', /did you mean "warning"/, [
      20,
      'warn',
    ]),
  ],
  [
    'target and targets',
    kpiCase(
      [...OK, COUNT, 'target: 5', 'targets: [{ from: 2025-01-01, value: 1 }]'],
      'kpis[1].targets',
      /either target .* or targets .*, not both/,
      [21, 'targets']
    ),
  ],
  ['empty schedule', kpiCase([...OK, COUNT, 'targets: []'], 'kpis[1].targets', /at least one entry/, [20, '[]'])],
  [
    'schedule out of order',
    kpiCase(
      [...OK, COUNT, 'targets:', '  - { from: 2025-09-01, value: 1 }', '  - { from: 2025-08-01, value: 2 }'],
      'kpis[1].targets[1].from',
      /must be after the previous entry's from \(2025-09-01\)/,
      [22, '2025-08']
    ),
  ],
  [
    'schedule with equal instants',
    kpiCase(
      [
        ...OK,
        COUNT,
        'targets:',
        '  - { from: 2025-09-01, value: 1 }',
        '  - { from: "2025-08-31T22:00:00Z", value: 2 }',
      ],
      'kpis[1].targets[1].from',
      /must be after/,
      [22, '"2025']
    ),
  ],
  [
    'impossible date',
    kpiCase(
      [...OK, COUNT, 'targets: [{ from: 2025-02-30, value: 1 }]'],
      'kpis[1].targets[0].from',
      /invalid date or timestamp "2025-02-30"/,
      [20, '2025']
    ),
  ],
  [
    'timestamp without a zone',
    kpiCase(
      [...OK, COUNT, 'targets: [{ from: "2025-08-10T10:00:00", value: 1 }]'],
      'kpis[1].targets[0].from',
      /invalid date or timestamp/,
      [20, '"2025']
    ),
  ],
  [
    'entry without value',
    kpiCase(
      [...OK, COUNT, 'targets: [{ from: 2025-08-10 }]'],
      'kpis[1].targets[0].value',
      /missing required key "value"/,
      [20, '{ from']
    ),
  ],
  [
    'entry thresholds upside down',
    kpiCase(
      [...OK, COUNT, 'targets: [{ from: 2025-08-10, value: 5, warning: 4, critical: 6 }]'],
      'kpis[1].targets[0].critical',
      /critical \(6\) must not be above warning \(4\)/,
      [20, '6 }']
    ),
  ],
  [
    'entry critical beyond its target (no thresholds: the target warns)',
    kpiCase(
      [...OK, COUNT, 'targets: [{ from: 2025-08-10, value: 95, critical: 97 }]'],
      'kpis[1].targets[0].critical',
      /critical \(97\) must not be above warning \(95\)/,
      [20, '97']
    ),
  ],
  [
    'entry critical with KPI warning',
    kpiCase(
      [...OK, COUNT, 'thresholds: { warning: 90 }', 'targets: [{ from: 2025-08-10, value: 95, critical: 92 }]'],
      'kpis[1].targets[0].critical',
      /critical \(92\) must not be above warning \(90\)/,
      [21, '92']
    ),
  ],
  [
    'bad alert duration',
    kpiCase([...OK, COUNT, 'alert: { for: soon }'], 'kpis[1].alert.for', /invalid duration "soon"/, [20, 'soon']),
  ],
  [
    'alert enabled not boolean',
    kpiCase([...OK, COUNT, 'alert: { enabled: "yes" }'], 'kpis[1].alert.enabled', /expected true or false, got "yes"/, [
      20,
      '"yes"',
    ]),
  ],
  [
    'misspelt alert key',
    kpiCase([...OK, COUNT, 'alert: { for: 5m, enable: true }'], 'kpis[1].alert.enable', /did you mean "enabled"/, [
      20,
      'enable:',
    ]),
  ],
  [
    'misspelt KPI key',
    kpiCase([...OK, COUNT, 'treshold: { warning: 1 }'], 'kpis[1].treshold', /did you mean "thresholds"/, [
      20,
      'treshold',
    ]),
  ],
  [
    'KPI not a mapping',
    {
      text: withKpi('just a string'),
      path: 'kpis[1]',
      message: /expected a mapping \(key: value\), got "just a string"/,
      at: [15, 'just'],
    },
  ],
];

function located(p: Problem, text: string): [number, string] {
  const line = text.split('\n')[p.line - 1] ?? '';
  return [p.line, line.slice(p.col - 1)];
}

describe.each([
  ['top level', TOP_CASES],
  ['sources', SOURCE_CASES],
  ['KPIs', KPI_CASES],
])('%s', (_, cases) => {
  it.each(cases)('%s', (_name, c) => {
    const { catalog, problems } = parseCatalog(c.text, 'c.yaml');
    expect(catalog).toBeUndefined();
    const match = problems.filter((p) => p.path === c.path && c.message.test(p.message));
    expect({ matched: match.length, problems: problems.map(formatProblem) }).toEqual({
      matched: 1,
      problems: expect.any(Array),
    });
    const [line, textAt] = located(match[0], c.text);
    expect([line, textAt.startsWith(c.at[1]) ? c.at[1] : textAt]).toEqual(c.at);
  });
});

describe('the case table is sound', () => {
  it('the base catalogs are valid', () => {
    expect(parseCatalog(withKpi(...OK, COUNT), 'c.yaml').problems).toEqual([]);
    expect(parseCatalog(withSource('table: a', 'time: t'), 'c.yaml').problems).toEqual([]);
  });
});

describe('exact positions and formatting', () => {
  it('reports every problem of a catalog at once, sorted by line', () => {
    const text = [
      'apiVersion: openkpi/v1', // 1
      'name: t', // 2
      'kpis:', // 3
      '  - id: a', // 4
      '    name: A', // 5
      '    source: manual', // 6
      '    window: 30days', // 7
      '    thresholds: { warning: 1, critical: 2 }', // 8
      '  - id: b', // 9
      '    name: B', // 10
      '    mesure: { formula: "a +" }', // 11
      'timezone: Nowhere', // 12
      'sources:', // 13
      '  runs:', // 14
      '    table: x', // 15
    ].join('\n');
    expect(parseCatalog(text, 'cat.yaml').problems.map(formatProblem)).toEqual([
      'cat.yaml:7:13: kpis[0].window: invalid window "30days": use <N>m, <N>h, <N>d, <N>w (N a positive integer) or day, week, month, quarter, year',
      'cat.yaml:8:41: kpis[0].thresholds.critical: critical (2) must not be above warning (1) when higher is better',
      'cat.yaml:9:5: kpis[1].source: missing required key "source"',
      'cat.yaml:9:5: kpis[1].measure: missing required key "measure"',
      'cat.yaml:9:5: kpis[1].window: missing required key "window"',
      'cat.yaml:11:5: kpis[1].mesure: unknown key "mesure" (did you mean "measure"?)',
      'cat.yaml:12:11: timezone: unknown time zone "Nowhere": use an IANA name such as UTC or Europe/Berlin',
      'cat.yaml:14:3: sources.runs.time: missing required key "time"',
    ]);
  });

  it('reports a formula cycle once, with its path', () => {
    const text = [
      'apiVersion: openkpi/v1',
      'name: t',
      'kpis:',
      '  - { id: a, name: A, measure: { formula: "b + 1" } }',
      '  - { id: b, name: B, measure: { formula: "c * 2" } }',
      '  - { id: c, name: C, measure: { formula: "a / x" } }',
      '  - { id: x, name: X, source: manual }',
      '  - { id: y, name: Y, measure: { formula: "x + z" } }',
      '  - { id: z, name: Z, measure: { formula: "y" } }',
    ].join('\n');
    expect(parseCatalog(text, 'f.yaml').problems.map(formatProblem)).toEqual([
      'f.yaml:4:43: kpis[0].measure.formula: formula cycle: a -> b -> c -> a',
      'f.yaml:8:43: kpis[4].measure.formula: formula cycle: y -> z -> y',
    ]);
  });

  it('orders a schedule in the catalog time zone', () => {
    // 2025-08-10 starts at 2025-08-09T22:00Z in Berlin, so 22:30Z is after it; in UTC it is not.
    const kpi = (tz: string): string =>
      [
        'apiVersion: openkpi/v1',
        'name: t',
        `timezone: ${tz}`,
        'kpis:',
        '  - id: a',
        '    name: A',
        '    source: manual',
        '    targets: [{ from: 2025-08-10, value: 1 }, { from: "2025-08-09T22:30:00Z", value: 2 }]',
      ].join('\n');
    expect(parseCatalog(kpi('Europe/Berlin'), 'z.yaml').problems).toEqual([]);
    expect(parseCatalog(kpi('UTC'), 'z.yaml').problems.map(formatProblem)).toEqual([
      "z.yaml:8:55: kpis[0].targets[1].from: must be after the previous entry's from (2025-08-10): entries go in ascending order",
    ]);
  });

  it('checks broken KPIs without cascading unknown references', () => {
    // kpis[2] is structurally broken: its own problems are reported (its name once, by the type
    // check), and the formula may still use its id.
    const text = withKpi('id: t', 'name: T', 'measure: { formula: "broken * 2" }') + '  - { id: broken, name: 5 }\n';
    expect(parseCatalog(text, 'c.yaml').problems.map(formatProblem)).toEqual([
      'c.yaml:18:5: kpis[2].source: missing required key "source"',
      'c.yaml:18:5: kpis[2].measure: missing required key "measure"',
      'c.yaml:18:5: kpis[2].window: missing required key "window"',
      'c.yaml:18:25: kpis[2].name: expected a string, got 5',
    ]);
  });
});

describe('a structural problem does not hide the other problems of its KPI or source', () => {
  const messages = (text: string): string[] =>
    parseCatalog(text, 'c.yaml').problems.map((p) => `${p.line} ${p.path}: ${p.message}`);

  it('checks a KPI with a bad direction field by field', () => {
    const text = withKpi(
      'id: t', // 15
      'name: T',
      'source: runs',
      'window: 7d',
      'filter: "x = 1) or (1=1"', // 19
      'measure: { aggregate: count, filter: "team = \'a" }', // 20
      'direction: sideways', // 21
      'target: 90', // 22
      'targets:', // 23
      '  - { from: 2025-02-30, value: 1 }', // 24
      '  - { from: 2025-03-01, value: 2 }',
      '  - { from: 2025-01-01, value: 3 }' // 26
    );
    const found = messages(text);
    expect(found).toEqual([
      expect.stringMatching(/^19 kpis\[1\]\.filter: /),
      expect.stringMatching(/^20 kpis\[1\]\.measure\.filter: /),
      expect.stringMatching(/^21 kpis\[1\]\.direction: expected one of higher, lower; got "sideways"/),
      expect.stringMatching(/^23 kpis\[1\]\.targets: use either target .* or targets/),
      expect.stringMatching(/^24 kpis\[1\]\.targets\[0\]\.from: invalid date or timestamp "2025-02-30"/),
      expect.stringMatching(/^26 kpis\[1\]\.targets\[2\]\.from: must be after the previous entry's from/),
    ]);
  });

  it('checks the rest of a KPI whose aggregate is unknown, without a second measure problem', () => {
    const found = messages(
      withKpi('id: A', 'name: ""', 'source: nope', 'window: 30 days', 'measure: { aggregate: median, expression: x }')
    );
    expect(found).toEqual([
      expect.stringMatching(/^15 kpis\[1\]\.id: invalid KPI id "A"/),
      expect.stringMatching(/^16 kpis\[1\]\.name: must not be empty/),
      expect.stringMatching(/^17 kpis\[1\]\.source: unknown source "nope"/),
      expect.stringMatching(/^18 kpis\[1\]\.window: invalid window "30 days"/),
      expect.stringMatching(/^19 kpis\[1\]\.measure\.aggregate: expected one of count, .*; got "median"/),
    ]);
  });

  it('checks the rest of a JSON KPI whose target is a string', () => {
    const catalog = {
      apiVersion: 'openkpi/v1',
      name: 'test',
      sources: { runs: { table: 'runs', time: 't' } },
      kpis: [{ id: 'k', name: 'K', source: 'runs', window: '7x', measure: { aggregate: 'count' }, target: '95' }],
    };
    const found = messages(JSON.stringify(catalog, null, 2)).map((m) => m.replace(/^\d+ /, ''));
    expect(found).toEqual([
      expect.stringMatching(/^kpis\[0\]\.window: invalid window "7x"/),
      expect.stringMatching(/^kpis\[0\]\.target: expected a finite number, got "95"/),
    ]);
  });

  it('reports a field that failed its type check once, not again from the rules reading it', () => {
    expect(messages(withKpi('id: t', 'name: T', 'source: 5', 'window: [7d]', 'measure: { formula: 3 }'))).toEqual([
      expect.stringMatching(/^17 kpis\[1\]\.source: expected a string, got 5$/),
      expect.stringMatching(/^18 kpis\[1\]\.window: expected a string, got a list$/),
      expect.stringMatching(/^19 kpis\[1\]\.measure\.formula: expected a string, got 3$/),
    ]);
    expect(
      messages(
        withKpi(
          ...OK,
          'measure: { aggregate: sum, expression: 5 }',
          'direction: up',
          'thresholds: { warning: 1, critical: 2 }'
        )
      )
    ).toEqual([
      expect.stringMatching(/^19 kpis\[1\]\.measure\.expression: expected a string, got 5$/),
      expect.stringMatching(/^20 kpis\[1\]\.direction: expected one of higher, lower/),
    ]);
    expect(
      messages(
        withKpi(...OK, COUNT, 'thresholds: { warning: 1, critical: 2 }', 'targets:', '  - { from: 5, value: 1 }')
      )
    ).toEqual([
      expect.stringMatching(/^20 kpis\[1\]\.thresholds\.critical: critical \(2\) must not be above warning \(1\)/),
      expect.stringMatching(/^22 kpis\[1\]\.targets\[0\]\.from: expected a string, got 5$/),
    ]);
  });

  it('checks the rest of a source with a bad field', () => {
    const found = parseCatalog(
      withSource('table: [a]', 'time: "bad col"', 'dimensions: [team, team]', 'freshness: 1y'),
      'c.yaml'
    ).problems.map((p) => `${p.line} ${p.path}: ${p.message}`);
    expect(found).toEqual([
      expect.stringMatching(/^5 sources\.s\.table: expected a string, got a list$/),
      expect.stringMatching(/^6 sources\.s\.time: invalid column name "bad col"/),
      expect.stringMatching(/^7 sources\.s\.dimensions\[1\]: dimension "team" is listed twice/),
      expect.stringMatching(/^8 sources\.s\.freshness: invalid duration "1y"/),
    ]);
  });
});

describe('numbers and durations that reach SQL', () => {
  const messages = (text: string): string[] =>
    parseCatalog(text, 'c.yaml').problems.map((p) => `${p.path}: ${p.message}`);

  it('refuses infinite numbers', () => {
    expect(
      messages(
        withKpi(
          ...OK,
          'measure: { ratio: { numerator: { aggregate: count }, denominator: { aggregate: count } }, scale: .inf }',
          'target: -.inf',
          'thresholds: { warning: .inf }'
        )
      )
    ).toEqual([
      expect.stringMatching(/^kpis\[1\]\.measure\.scale: expected a finite number, got Infinity/),
      expect.stringMatching(/^kpis\[1\]\.target: expected a finite number, got -Infinity/),
      expect.stringMatching(/^kpis\[1\]\.thresholds\.warning: expected a finite number, got Infinity/),
    ]);
    expect(
      messages(withKpi(...OK, COUNT, 'targets: [{ from: 2025-01-01, value: 1e999, warning: 1, critical: -1e400 }]'))
    ).toEqual([
      expect.stringMatching(/^kpis\[1\]\.targets\[0\]\.value: expected a finite number, got Infinity/),
      expect.stringMatching(/^kpis\[1\]\.targets\[0\]\.critical: expected a finite number, got -Infinity/),
    ]);
  });

  it('refuses a formula with a number too large, at its offset', () => {
    expect(messages(withKpi('id: t', 'name: T', `measure: { formula: "base * 1${'0'.repeat(400)}" }`))).toEqual([
      expect.stringMatching(
        /^kpis\[1\]\.measure\.formula: invalid formula: number "10000000000000000000…" is too large at offset 7$/
      ),
    ]);
  });

  it('refuses windows and durations longer than 100 years', () => {
    expect(
      messages(withKpi('id: t', 'name: T', 'source: runs', 'window: 5215w', COUNT, 'alert: { for: 876001h }'))
    ).toEqual([
      'kpis[1].window: invalid window "5215w" is longer than 100 years (the most is 36500d, 5214w, 876000h, 52560000m)',
      'kpis[1].alert.for: invalid duration "876001h" is longer than 100 years (the most is 36500d, 5214w, 876000h, 52560000m)',
    ]);
    expect(
      messages(withKpi('id: t', 'name: T', 'source: runs', 'window: 36500d', COUNT, 'alert: { for: 52560000m }'))
    ).toEqual([]);
  });
});

describe('deep nesting', () => {
  it('reports one problem at the first node nested too deep, in YAML and JSON', () => {
    const depth = 5000;
    const yamlText = [
      'apiVersion: openkpi/v1',
      'name: x',
      'kpis:',
      ...Array.from({ length: depth }, (_, i) => `${' '.repeat(2 + 2 * i)}-`),
    ].join('\n');
    // The top mapping is level 1 and `kpis` level 2 (line 4): level 65 is on line 4 + 63.
    expect(parseCatalog(yamlText, 'c.yaml').problems).toEqual([
      {
        file: 'c.yaml',
        line: 67,
        col: 129,
        path: 'kpis',
        message: 'nesting deeper than 64 levels (lists and mappings inside each other)',
      },
    ]);
    const head = '{"apiVersion":"openkpi/v1","name":"x","kpis":';
    const jsonText = `${head}${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(parseCatalog(jsonText, 'c.json').problems).toEqual([
      {
        file: 'c.json',
        line: 1,
        col: head.length + 64,
        path: 'kpis',
        message: 'nesting deeper than 64 levels (lists and mappings inside each other)',
      },
    ]);
  });

  it('accepts 64 levels', () => {
    const text = withKpi(...OK, COUNT, `tags: ${'['.repeat(61)}${']'.repeat(61)}`);
    expect(parseCatalog(text, 'c.yaml').problems.map((p) => p.message)).toEqual(['expected a string, got a list']);
  });
});
