/** @jest-environment node */
import { parseCatalog } from './parse';
import { formatProblem } from './problems';

const HEADER = [
  'apiVersion: openkpi/v1', // 1
  'name: test', // 2
  'timezone: America/New_York', // 3
  'kpis:', // 4
  '  - { id: rate, name: Rate, source: manual, target: 95 }', // 5
  '  - { id: bare, name: Bare, source: manual }', // 6
  '  - id: stepped', // 7
  '    name: Stepped', // 8
  '    source: manual', // 9
  '    targets: [{ from: 2026-07-01, value: 90 }]', // 10
  'objectives:', // 11
];

/** A catalog whose objectives start on line 12. */
function withObjectives(...lines: string[]): string {
  return [...HEADER, ...lines].join('\n') + '\n';
}

/** The problems as `LINE:COL: path: message` (file name left out). */
function problemsOf(text: string): string[] {
  return parseCatalog(text, 'c.yaml').problems.map((p) => formatProblem(p).replace(/^c\.yaml:/, ''));
}

describe('objectives validation', () => {
  it('accepts objectives with dates in the catalog zone and optional target and baseline', () => {
    const result = parseCatalog(
      withObjectives(
        '  - id: automate',
        '    title: Automate',
        '    owner: platform',
        '    from: 2026-06-01',
        '    keyResults:',
        '      - { kpi: rate, by: 2026-09-01 }',
        '      - { kpi: bare, by: "2026-08-01T12:00:00Z", target: 4, baseline: 3 }',
        '      - { kpi: stepped, by: 2026-09-01 }'
      ),
      'c.yaml'
    );
    expect(result.problems).toEqual([]);
    expect(result.catalog?.objectives).toEqual([
      {
        id: 'automate',
        title: 'Automate',
        owner: 'platform',
        from: { kind: 'date', date: '2026-06-01' },
        keyResults: [
          { kpi: 'rate', by: { kind: 'date', date: '2026-09-01' } },
          { kpi: 'bare', by: { kind: 'timestamp', iso: '2026-08-01T12:00:00.000Z' }, target: 4, baseline: 3 },
          { kpi: 'stepped', by: { kind: 'date', date: '2026-09-01' } },
        ],
      },
    ]);
  });

  it('leaves objectives out of a catalog that has none', () => {
    const result = parseCatalog([...HEADER.slice(0, -1)].join('\n') + '\n', 'c.yaml');
    expect(result.catalog?.objectives).toBeUndefined();
  });

  it.each<[string, string[], Array<[number, string, string]>]>([
    [
      'duplicate and malformed ids',
      [
        '  - { id: a, title: A, from: 2026-06-01, keyResults: [{ kpi: rate, by: 2026-07-01 }] }',
        '  - { id: a, title: B, from: 2026-06-01, keyResults: [{ kpi: rate, by: 2026-07-01 }] }',
        '  - { id: Bad-Id, title: C, from: 2026-06-01, keyResults: [{ kpi: rate, by: 2026-07-01 }] }',
      ],
      [
        [13, 'a, title: B', 'objectives[1].id: duplicate objective id "a": already used by objectives[0]'],
        [
          14,
          'Bad-Id',
          'objectives[2].id: invalid objective id "Bad-Id": use lower-case letters, digits and _, starting with a letter',
        ],
      ],
    ],
    [
      'an unknown KPI',
      ['  - { id: a, title: A, from: 2026-06-01, keyResults: [{ kpi: nope, by: 2026-07-01, target: 1 }] }'],
      [[12, 'nope', 'objectives[0].keyResults[0].kpi: unknown KPI "nope"; the catalog has: rate, bare, stepped']],
    ],
    [
      'by not after from (equal instants: a date and its midnight in the catalog zone)',
      [
        '  - id: a',
        '    title: A',
        '    from: 2026-06-01',
        '    keyResults:',
        '      - { kpi: rate, by: "2026-06-01T04:00:00Z" }',
        '      - { kpi: rate, by: 2026-05-01 }',
      ],
      [
        [16, '"2026-06-01T04', "objectives[0].keyResults[0].by: must be after the objective's from (2026-06-01)"],
        [17, '2026-05-01', "objectives[0].keyResults[1].by: must be after the objective's from (2026-06-01)"],
      ],
    ],
    [
      'bad dates',
      ['  - { id: a, title: A, from: 2026-02-30, keyResults: [{ kpi: rate, by: "2026-07-01T00:00" }] }'],
      [
        [
          12,
          '2026-02-30',
          'objectives[0].from: invalid date or timestamp "2026-02-30": use YYYY-MM-DD (a day in the catalog time zone) or an ISO timestamp with Z or an offset',
        ],
        [
          12,
          '"2026-07-01T00:00"',
          'objectives[0].keyResults[0].by: invalid date or timestamp "2026-07-01T00:00": use YYYY-MM-DD (a day in the catalog time zone) or an ISO timestamp with Z or an offset',
        ],
      ],
    ],
    [
      'no target anywhere: a KPI without target, or a schedule that starts after by',
      [
        '  - id: a',
        '    title: A',
        '    from: 2026-06-01',
        '    keyResults:',
        '      - { kpi: bare, by: 2026-08-01 }',
        '      - { kpi: stepped, by: 2026-07-01 }',
      ],
      [
        [
          16,
          '{ kpi: bare',
          'objectives[0].keyResults[0]: KPI "bare" has no target in force at 2026-08-01: give the key result a target',
        ],
        [
          17,
          '{ kpi: stepped',
          'objectives[0].keyResults[1]: KPI "stepped" has no target in force at 2026-07-01: give the key result a target',
        ],
      ],
    ],
    [
      'no key results, missing and unknown keys',
      ['  - { id: a, title: A, from: 2026-06-01, keyResults: [] }', '  - { id: b, from: 2026-06-01, keyResult: [] }'],
      [
        [12, '[] }', 'objectives[0].keyResults: an objective needs at least one key result'],
        [13, '{ id: b', 'objectives[1].title: missing required key "title"'],
        [13, '{ id: b', 'objectives[1].keyResults: missing required key "keyResults"'],
        [13, 'keyResult:', 'objectives[1].keyResult: unknown key "keyResult" (did you mean "keyResults"?)'],
      ],
    ],
  ])('%s', (_name, lines, expected) => {
    const text = withObjectives(...lines);
    const textLines = text.split('\n');
    // Each expected problem names its line and a piece of it: the column is where that piece starts.
    const want = expected.map(([line, piece, rest]) => `${line}:${textLines[line - 1].indexOf(piece) + 1}: ${rest}`);
    expect(want.every((w) => !w.includes(':0: '))).toBe(true);
    expect(problemsOf(text)).toEqual(want);
  });
});
