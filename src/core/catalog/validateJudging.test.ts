/** @jest-environment node */
import { parseCatalog } from './parse';
import { Problem, formatProblem } from './problems';

/**
 * Validation of pace, minVolume, compare and growth measures (docs/catalog.md: Pace, Minimum volume, Comparison period, Growth KPIs), located like every
 * other catalog problem: the expected place is a line and a piece of that line's text.
 */

const HEADER = [
  'apiVersion: openkpi/v1', // 1
  'name: test', // 2
  'sources:', // 3
  '  runs:', // 4
  '    table: runs', // 5
  '    time: t', // 6
  'kpis:', // 7
  '  - id: base', // 8
  '    name: Base', // 9
  '    source: runs', // 10
  '    window: month', // 11
  '    measure: { aggregate: count }', // 12
  '  - id: ratio', // 13
  '    name: Ratio', // 14
  '    measure: { formula: "base / 2" }', // 15
];

/** A catalog whose third KPI (kpis[2], from line 16) is made of `lines`. */
function withKpi(...lines: string[]): string {
  return [...HEADER, ...lines.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))].join('\n') + '\n';
}

const ID = ['id: t', 'name: T']; // lines 16, 17
const ROWS = [...ID, 'source: runs']; // line 18 is source
const MONTH_COUNT = [...ROWS, 'window: month', 'measure: { aggregate: count }']; // 19, 20

type Case = [string, string[], string, RegExp, [number, string]];

const CASES: Case[] = [
  [
    'pace on a rolling window',
    [...ROWS, 'window: 30d', 'measure: { aggregate: count }', 'pace: {}'],
    'kpis[2].pace',
    /pace needs a calendar window .*window is 30d/,
    [21, 'pace'],
  ],
  [
    'pace on an average',
    [...ROWS, 'window: month', 'measure: { aggregate: avg, expression: x }', 'pace: {}'],
    'kpis[2].pace',
    /pace needs an additive measure \(aggregate count or sum\); this KPI's measure is aggregate avg/,
    [21, 'pace'],
  ],
  [
    'pace on a ratio',
    [
      ...ROWS,
      'window: month',
      'measure: { ratio: { numerator: { aggregate: count }, denominator: { aggregate: count } } }',
      'pace: {}',
    ],
    'kpis[2].pace',
    /measure is ratio/,
    [21, 'pace'],
  ],
  [
    'pace on a formula',
    [...ID, 'measure: { formula: "base * 2" }', 'pace: {}'],
    'kpis[2].pace',
    /a formula KPI cannot be paced/,
    [19, 'pace'],
  ],
  [
    'pace.after of 1',
    [...MONTH_COUNT, 'pace: { after: 1 }'],
    'kpis[2].pace.after',
    /must be at least 0 and less than 1 .*got 1/,
    [21, '1 }'],
  ],
  ['pace.after below 0', [...MONTH_COUNT, 'pace: { after: -0.1 }'], 'kpis[2].pace.after', /got -0.1/, [21, '-0.1']],
  [
    'pace.after not a number',
    [...MONTH_COUNT, 'pace: { after: soon }'],
    'kpis[2].pace.after',
    /expected a finite number, got "soon"/,
    [21, 'soon'],
  ],
  [
    'pace with an unknown key',
    [...MONTH_COUNT, 'pace: { afer: 0.3 }'],
    'kpis[2].pace.afer',
    /did you mean "after"/,
    [21, 'afer'],
  ],
  [
    'minVolume 0',
    [...MONTH_COUNT, 'minVolume: 0'],
    'kpis[2].minVolume',
    /must be a whole number of at least 1, got 0/,
    [21, '0'],
  ],
  ['minVolume fractional', [...MONTH_COUNT, 'minVolume: 2.5'], 'kpis[2].minVolume', /got 2.5/, [21, '2.5']],
  [
    'minVolume on a formula',
    [...ID, 'measure: { formula: "base * 2" }', 'minVolume: 10'],
    'kpis[2].minVolume',
    /a formula KPI has no rows to count/,
    [19, 'minVolume'],
  ],
  [
    'compare not previous or year',
    [...MONTH_COUNT, 'compare: month'],
    'kpis[2].compare',
    /expected one of previous, year; got "month"/,
    [21, 'month'],
  ],
  [
    'growth with a source',
    [...ID, 'source: runs', 'measure: { growth: { kpi: base } }'],
    'kpis[2].source',
    /a growth KPI has no source/,
    [18, 'source'],
  ],
  [
    'growth with a window',
    [...ID, 'window: month', 'measure: { growth: { kpi: base } }'],
    'kpis[2].window',
    /a growth KPI has no window of its own/,
    [18, 'window'],
  ],
  [
    'growth with a filter',
    [...ID, 'filter: "x > 1"', 'measure: { growth: { kpi: base } }'],
    'kpis[2].filter',
    /a growth KPI has no filter/,
    [18, 'filter'],
  ],
  [
    'growth with compare',
    [...ID, 'measure: { growth: { kpi: base } }', 'compare: year'],
    'kpis[2].compare',
    /set compare on that KPI/,
    [19, 'compare'],
  ],
  [
    'growth with minVolume',
    [...ID, 'measure: { growth: { kpi: base } }', 'minVolume: 5'],
    'kpis[2].minVolume',
    /set minVolume on that KPI/,
    [19, 'minVolume'],
  ],
  [
    'growth with pace',
    [...ID, 'measure: { growth: { kpi: base } }', 'pace: {}'],
    'kpis[2].pace',
    /a growth KPI cannot be paced/,
    [19, 'pace'],
  ],
  [
    'growth of an unknown KPI',
    [...ID, 'measure: { growth: { kpi: nope } }'],
    'kpis[2].measure.growth.kpi',
    /unknown KPI "nope"/,
    [18, 'nope'],
  ],
  [
    'growth of itself',
    [...ID, 'measure: { growth: { kpi: t } }'],
    'kpis[2].measure.growth.kpi',
    /cannot name itself/,
    [18, 't }'],
  ],
  [
    'growth of a formula',
    [...ID, 'measure: { growth: { kpi: ratio } }'],
    'kpis[2].measure.growth.kpi',
    /"ratio" is a formula KPI/,
    [18, 'ratio'],
  ],
  [
    'growth without kpi',
    [...ID, 'measure: { growth: {} }'],
    'kpis[2].measure.growth.kpi',
    /missing required key "kpi"/,
    [18, '{} }'],
  ],
  [
    'growth and aggregate together',
    [...ROWS, 'window: month', 'measure: { aggregate: count, growth: { kpi: base } }'],
    'kpis[2].measure',
    /exactly one of aggregate, ratio, nps, formula or growth; found aggregate and growth/,
    [20, '{ aggregate'],
  ],
];

function located(p: Problem, text: string): [number, string] {
  const line = text.split('\n')[p.line - 1] ?? '';
  return [p.line, line.slice(p.col - 1)];
}

describe('pace, minVolume, compare and growth problems', () => {
  it.each(CASES)('%s', (_name, lines, path, message, at) => {
    const text = withKpi(...lines);
    const { catalog, problems } = parseCatalog(text, 'c.yaml');
    expect(catalog).toBeUndefined();
    const match = problems.filter((p) => p.path === path && message.test(p.message));
    expect({ matched: match.length, problems: problems.map(formatProblem) }).toEqual({
      matched: 1,
      problems: expect.any(Array),
    });
    const [line, textAt] = located(match[0], text);
    expect([line, textAt.startsWith(at[1]) ? at[1] : textAt]).toEqual(at);
  });

  it('reports growth of a growth KPI, naming the KPI to use instead', () => {
    const text =
      withKpi(...ID, 'measure: { growth: { kpi: base } }') +
      withKpi(...['id: g2', 'name: G2', 'measure: { growth: { kpi: t } }'])
        .split('\n')
        .slice(HEADER.length)
        .join('\n');
    const { problems } = parseCatalog(text, 'c.yaml');
    expect(problems.map(formatProblem)).toEqual([
      'c.yaml:21:31: kpis[3].measure.growth.kpi: "t" is itself a growth KPI: name the KPI it grows from ("base") instead',
    ]);
  });
});

describe('valid catalogs', () => {
  it('keeps pace (default after 0.2), minVolume, compare and a growth KPI with its named KPI window', () => {
    const text =
      withKpi(...MONTH_COUNT, 'pace: {}', 'minVolume: 3', 'compare: year') +
      withKpi('id: g', 'name: G', 'measure: { growth: { kpi: t } }', 'target: 25')
        .split('\n')
        .slice(HEADER.length)
        .join('\n');
    const { catalog, problems } = parseCatalog(text, 'c.yaml');
    expect(problems).toEqual([]);
    const [t, g] = catalog!.kpis.slice(2);
    expect(t).toMatchObject({ pace: { after: 0.2 }, minVolume: 3, compare: 'year' });
    expect(g).toMatchObject({
      measure: { kind: 'growth', kpi: 't' },
      window: { kind: 'calendar', unit: 'month' },
      target: 25,
    });
    expect(g.source).toBeUndefined();
  });

  it('accepts pace: {after: 0} on a sum over a quarter, and a formula over a growth KPI', () => {
    const text =
      withKpi(...ROWS, 'window: quarter', 'measure: { aggregate: sum, expression: x }', 'pace: { after: 0 }') +
      withKpi('id: g', 'name: G', 'measure: { growth: { kpi: t } }').split('\n').slice(HEADER.length).join('\n') +
      withKpi('id: f', 'name: F', 'measure: { formula: "g / 2" }').split('\n').slice(HEADER.length).join('\n');
    const { catalog, problems } = parseCatalog(text, 'c.yaml');
    expect(problems).toEqual([]);
    expect(catalog!.kpis[2].pace).toEqual({ after: 0 });
    expect(catalog!.kpis[4].window).toMatchObject({ kind: 'calendar', unit: 'quarter' });
  });
});
