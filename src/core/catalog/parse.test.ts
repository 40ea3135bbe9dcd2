/** @jest-environment node */
import { Catalog, Kpi } from './model';
import { parseCatalog, validateCatalogObject } from './parse';
import { formatProblem } from './problems';

/** The annotated example catalog (every top-level and KPI key of docs/catalog.md). */
const ANNOTATED_EXAMPLE = `apiVersion: openkpi/v1
name: service-portal            # slug: ^[a-z][a-z0-9-]*$
title: Open Service Portal
timezone: Europe/Berlin         # IANA name; default UTC. Calendar windows and target dates use it.
sources:
  runs:
    table: portal.provisioning_runs   # table or view, optionally schema-qualified
    time: finished_at                 # timestamptz column (required)
    dimensions: [template, team]      # columns that may be used for breakdowns and filters
    freshness: 15m                    # optional: data older than this at evaluation time is stale
  signups:
    sql: SELECT created_at, plan FROM app.users WHERE NOT is_test   # instead of table
    time: created_at
kpis:
  - id: provisioning_success_rate     # ^[a-z][a-z0-9_]*$, unique in the catalog
    name: Successful provisioning rate
    description: Share of provisioning requests that completed without errors
    area: Service Provisioning        # groups KPIs into dashboard sections
    owner: platform-team
    tags: [provisioning]
    unit: percent                     # a Grafana unit id: percent, s, m, ms, currencyUSD, short, none ...
    decimals: 1
    source: runs
    filter: "status <> 'cancelled'"   # optional SQL boolean over source columns, ANDed everywhere
    window: 30d
    measure:
      ratio:
        numerator:   { aggregate: count, filter: "status = 'succeeded'" }
        denominator: { aggregate: count }
      scale: 100
    direction: higher                 # higher (default) or lower is better
    target: 95
    thresholds: { warning: 95, critical: 90 }
`;

const ANNOTATED_MODEL: Catalog = {
  apiVersion: 'openkpi/v1',
  name: 'service-portal',
  title: 'Open Service Portal',
  timezone: 'Europe/Berlin',
  sources: {
    runs: {
      name: 'runs',
      table: ['portal', 'provisioning_runs'],
      time: 'finished_at',
      dimensions: ['template', 'team'],
      freshness: '15m',
      freshnessMs: 15 * 60 * 1000,
    },
    signups: {
      name: 'signups',
      sql: 'SELECT created_at, plan FROM app.users WHERE NOT is_test',
      time: 'created_at',
      dimensions: [],
    },
  },
  kpis: [
    {
      id: 'provisioning_success_rate',
      name: 'Successful provisioning rate',
      description: 'Share of provisioning requests that completed without errors',
      area: 'Service Provisioning',
      owner: 'platform-team',
      tags: ['provisioning'],
      unit: 'percent',
      decimals: 1,
      source: 'runs',
      filter: "status <> 'cancelled'",
      window: { kind: 'rolling', amount: 30, unit: 'd', text: '30d' },
      measure: {
        kind: 'ratio',
        numerator: { kind: 'aggregate', aggregate: 'count', filter: "status = 'succeeded'" },
        denominator: { kind: 'aggregate', aggregate: 'count' },
        scale: 100,
      },
      direction: 'higher',
      target: 95,
      thresholds: { warning: 95, critical: 90 },
    },
  ],
};

/** Every measure form, defaults, a manual KPI, formula KPIs and a target schedule. */
const FULL = `apiVersion: openkpi/v1
name: full
sources:
  orders:
    table: Orders
    time: CreatedAt
    dimensions: [Region]
kpis:
  - { id: orders, name: Orders, source: orders, window: day, measure: { aggregate: count } }
  - id: revenue
    name: Revenue
    source: orders
    window: month
    measure: { aggregate: sum, expression: amount_cents / 100.0, filter: "NOT refunded" }
  - { id: p95, name: P95, source: orders, window: 1h, measure: { aggregate: p95, expression: latency_ms } }
  - { id: nps, name: NPS, source: orders, window: quarter, measure: { nps: { expression: score } } }
  - id: share
    name: Share
    source: orders
    window: 2w
    measure: { ratio: { numerator: { aggregate: sum, expression: a }, denominator: { aggregate: count } } }
  - id: budget
    name: Budget
    source: manual
    direction: lower
    targets:
      - { from: 2025-08-10, value: 10 }
      - { from: "2025-09-07T00:00:00+02:00", value: 5, warning: 7, critical: 10 }
    alert: { for: 5m, enabled: false }
  - { id: per_order, name: Revenue per order, measure: { formula: "revenue / orders" } }
  - { id: doubled, name: Doubled, measure: { formula: "2 * per_order" } }
  - { id: weekly, name: Weekly, window: week, measure: { formula: "-orders + 1.5" } }
`;

function kpi(catalog: Catalog | undefined, id: string): Kpi | undefined {
  return catalog?.kpis.find((k) => k.id === id);
}

describe('parseCatalog: valid catalogs', () => {
  it('converts the annotated example to the model', () => {
    expect(parseCatalog(ANNOTATED_EXAMPLE, 'spec.yaml')).toEqual({ catalog: ANNOTATED_MODEL, problems: [] });
  });

  it('reads the same catalog from JSON', () => {
    const doc = {
      apiVersion: 'openkpi/v1',
      name: 'service-portal',
      title: 'Open Service Portal',
      timezone: 'Europe/Berlin',
      sources: {
        runs: {
          table: 'portal.provisioning_runs',
          time: 'finished_at',
          dimensions: ['template', 'team'],
          freshness: '15m',
        },
        signups: { sql: 'SELECT created_at, plan FROM app.users WHERE NOT is_test', time: 'created_at' },
      },
      kpis: [
        {
          id: 'provisioning_success_rate',
          name: 'Successful provisioning rate',
          description: 'Share of provisioning requests that completed without errors',
          area: 'Service Provisioning',
          owner: 'platform-team',
          tags: ['provisioning'],
          unit: 'percent',
          decimals: 1,
          source: 'runs',
          filter: "status <> 'cancelled'",
          window: '30d',
          measure: {
            ratio: {
              numerator: { aggregate: 'count', filter: "status = 'succeeded'" },
              denominator: { aggregate: 'count' },
            },
            scale: 100,
          },
          direction: 'higher',
          target: 95,
          thresholds: { warning: 95, critical: 90 },
        },
      ],
    };
    expect(parseCatalog(JSON.stringify(doc, null, '\t'), 'c.json')).toEqual({ catalog: ANNOTATED_MODEL, problems: [] });
    expect(parseCatalog(JSON.stringify(doc), 'c.json')).toEqual({ catalog: ANNOTATED_MODEL, problems: [] });
    expect(validateCatalogObject(doc, 'jsonData')).toEqual({ catalog: ANNOTATED_MODEL, problems: [] });
  });

  it('applies defaults and converts every measure form', () => {
    const { catalog, problems } = parseCatalog(FULL, 'full.yaml');
    expect(problems).toEqual([]);
    expect(catalog?.timezone).toBe('UTC');
    expect(catalog?.title).toBeUndefined();
    expect(catalog?.sources.orders).toEqual({
      name: 'orders',
      table: ['Orders'],
      time: 'CreatedAt',
      dimensions: ['Region'],
    });
    expect(kpi(catalog, 'orders')).toEqual({
      id: 'orders',
      name: 'Orders',
      tags: [],
      source: 'orders',
      window: { kind: 'calendar', unit: 'day', text: 'day' },
      measure: { kind: 'aggregate', aggregate: 'count' },
      direction: 'higher',
    });
    expect(kpi(catalog, 'revenue')?.measure).toEqual({
      kind: 'aggregate',
      aggregate: 'sum',
      expression: 'amount_cents / 100.0',
      filter: 'NOT refunded',
    });
    expect(kpi(catalog, 'p95')?.measure).toEqual({ kind: 'aggregate', aggregate: 'p95', expression: 'latency_ms' });
    expect(kpi(catalog, 'nps')?.measure).toEqual({ kind: 'nps', expression: 'score' });
    expect(kpi(catalog, 'share')?.measure).toEqual({
      kind: 'ratio',
      numerator: { kind: 'aggregate', aggregate: 'sum', expression: 'a' },
      denominator: { kind: 'aggregate', aggregate: 'count' },
      scale: 1,
    });
    expect(kpi(catalog, 'budget')).toEqual({
      id: 'budget',
      name: 'Budget',
      tags: [],
      source: 'manual',
      window: { kind: 'rolling', amount: 365, unit: 'd', text: '365d' },
      measure: { kind: 'aggregate', aggregate: 'last', expression: 'value' },
      direction: 'lower',
      targets: [
        { from: { kind: 'date', date: '2025-08-10' }, value: 10 },
        { from: { kind: 'timestamp', iso: '2025-09-06T22:00:00.000Z' }, value: 5, warning: 7, critical: 10 },
      ],
      alert: { for: '5m', enabled: false },
    });
    expect(kpi(catalog, 'per_order')?.measure).toEqual({
      kind: 'formula',
      formula: 'revenue / orders',
      ast: { type: 'binary', op: '/', left: { type: 'ref', kpi: 'revenue' }, right: { type: 'ref', kpi: 'orders' } },
    });
    // A formula KPI without a window takes the window of the first KPI it uses (transitively).
    expect(kpi(catalog, 'per_order')?.window.text).toBe('month');
    expect(kpi(catalog, 'doubled')?.window.text).toBe('month');
    expect(kpi(catalog, 'weekly')?.window.text).toBe('week');
    expect(kpi(catalog, 'per_order')?.source).toBeUndefined();
    expect(catalog?.kpis.map((k) => k.id)).toEqual([
      'orders',
      'revenue',
      'p95',
      'nps',
      'share',
      'budget',
      'per_order',
      'doubled',
      'weekly',
    ]);
  });

  it('keeps hostile free text as written', () => {
    const text = `apiVersion: openkpi/v1
name: h
kpis:
  - id: k
    name: "O'Brien \\"we\\"ird\\" $var \\\\ {{x}}"
    description: "'; DROP TABLE kpis; --"
    unit: "$"
    source: manual
    filter: "note <> 'O''Brien' AND note <> 'we\\"ird' AND note <> '$var' AND note <> '\\\\'"
`;
    const { catalog, problems } = parseCatalog(text, 'h.yaml');
    expect(problems).toEqual([]);
    expect(catalog?.kpis[0]).toMatchObject({
      name: 'O\'Brien "we"ird" $var \\ {{x}}',
      description: "'; DROP TABLE kpis; --",
      unit: '$',
      filter: "note <> 'O''Brien' AND note <> 'we\"ird' AND note <> '$var' AND note <> '\\'",
    });
  });
});

describe('parseCatalog: YAML errors', () => {
  it.each<[string, string, string]>([
    ['syntax error', 'apiVersion: openkpi/v1\nkpis: [a, b\nname: x\n', 'y.yaml:3:1: kpis: '],
    ['unterminated quote', 'apiVersion: openkpi/v1\nname: "x\n', 'y.yaml:3:1: name: Missing closing "quote'],
    ['tab indentation', 'kpis:\n\t- id: a\n', 'y.yaml:2:1: '],
    ['two documents', 'a: 1\n---\nb: 2\n', 'y.yaml:2:1: (catalog): a catalog is a single YAML document'],
    [
      'duplicate key',
      'apiVersion: openkpi/v1\nname: x\nkpis:\n  - id: a\n    name: A\n    name: B\n',
      'y.yaml:6:5: kpis[0].name: duplicate key',
    ],
    ['duplicate top key', 'name: a\nname: b\n', 'y.yaml:2:1: name: duplicate key'],
    ['duplicate JSON key', '{\n  "name": "a",\n  "name": "b"\n}\n', 'y.yaml:3:3: name: duplicate key'],
  ])('%s', (_, text, line) => {
    const { catalog, problems } = parseCatalog(text, 'y.yaml');
    expect(catalog).toBeUndefined();
    expect(formatProblem(problems[0])).toContain(line);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
    ]) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const { problems } = parseCatalog(lines.join('\n'), 'bomb.yaml');
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/alias/i);
  });

  it('reports an empty file', () => {
    expect(parseCatalog('', 'e.yaml').problems.map(formatProblem)).toEqual([
      'e.yaml:1:1: (catalog): expected a mapping (key: value), got an empty value',
    ]);
  });

  it('resolves positions through JSON text', () => {
    const text =
      '{\n  "apiVersion": "openkpi/v1",\n  "name": "j",\n  "kpis": [\n    {"id": "a", "name": "A", "source": "manual", "window": "3x"}\n  ]\n}\n';
    expect(parseCatalog(text, 'j.json').problems.map(formatProblem)).toEqual([
      'j.json:5:60: kpis[0].window: invalid window "3x": use <N>m, <N>h, <N>d, <N>w (N a positive integer) or day, week, month, quarter, year',
    ]);
  });
});

describe('validateCatalogObject', () => {
  it('reports the same problems at 0:0', () => {
    const obj = {
      apiVersion: 'openkpi/v2',
      name: 'x',
      kpis: [{ id: 'a', name: 'A', source: 'runs', window: '1d', mesure: {} }],
    };
    expect(validateCatalogObject(obj, 'jsonData').problems.map(formatProblem)).toEqual([
      'jsonData:0:0: apiVersion: unsupported apiVersion "openkpi/v2": expected "openkpi/v1"',
      'jsonData:0:0: kpis[0].mesure: unknown key "mesure" (did you mean "measure"?)',
      'jsonData:0:0: kpis[0].source: unknown source "runs"; declared: manual (built-in)',
      'jsonData:0:0: kpis[0].measure: missing required key "measure"',
    ]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a list', []],
    ['a string', 'apiVersion: openkpi/v1'],
  ])('rejects %s', (_, value) => {
    expect(validateCatalogObject(value, 'o').problems).toHaveLength(1);
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const obj = JSON.parse(
      '{"apiVersion": "openkpi/v1", "name": "p", "__proto__": {"polluted": 1}, "sources": {"__proto__": {"time": "t", "table": "x"}}, "kpis": []}'
    );
    const { problems } = validateCatalogObject(obj, 'o');
    expect(problems.map((p) => p.path)).toEqual(['__proto__', 'sources.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
