/** @jest-environment jsdom */
/**
 * jsdom: @grafana/data reads `window` when it loads; pg still runs on Node sockets.
 * The data source's Objectives and Backtest query types and the `objectives()` variable query,
 * from a saved query through template variables to data frames, against real PostgreSQL.
 */
import { Catalog } from '../../src/core/catalog/model';
import { withDefaults } from '../../src/query/defaults';
import { metricFind } from '../../src/datasource/metricFind';
import { migrateQuery } from '../../src/query/migrate';
import { resolveQuery } from '../../src/datasource/resolve';
import { runQuery } from '../../src/datasource/runQuery';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createMeasurementTable, HOUR, pgRunner } from '../support/fixtures';

const YAML = `apiVersion: openkpi/v1
name: ds-okr
kpis:
  - { id: uptime, name: Uptime, source: manual, window: 1h, unit: percent, target: 99, thresholds: { warning: 99, critical: 95 } }
  - { id: tickets, name: Tickets, source: manual, direction: lower, target: 5 }
objectives:
  - id: quiet
    title: Quiet support
    from: 2026-06-01
    keyResults:
      - { kpi: tickets, by: 2026-07-01, baseline: 12 }
  - id: available
    title: Always available
    owner: ops
    from: 2026-06-01
    keyResults:
      - { kpi: uptime, by: 2026-07-01, baseline: 90 }
      - { kpi: tickets, by: 2026-09-01, target: 3, baseline: 12 }
`;

let db: TestDatabase;
let catalog: Catalog;
const T0 = Date.parse('2026-06-10T00:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  // uptime: one reading per hour for 4 hours: 99.5, 96, 90, 99.2 (1h window: each point sees one).
  const uptime = [99.5, 96, 90, 99.2].map((v, i) => ({
    kpi: 'uptime',
    time: new Date(T0 + i * HOUR + 60_000),
    value: v,
  }));
  await createMeasurementTable(db, [...uptime, { kpi: 'tickets', time: new Date('2026-06-05T00:00:00Z'), value: 8 }]);
  catalog = catalogOf(YAML);
});

afterAll(async () => {
  await db?.drop();
});

const ctx = (from: number, to: number) => ({ from: new Date(from), to: new Date(to), intervalMs: HOUR, dsUid: 'ds1' });

function field(frame: { fields: Array<{ name: string; values: unknown }> }, name: string): unknown[] {
  const f = frame.fields.find((x) => x.name === name);
  if (!f) {
    throw new Error(`no field ${name}`);
  }
  return [...(f.values as unknown[])];
}

describe('Objectives query', () => {
  it('returns one row per key result with its objective, sorted by objective title', async () => {
    const query = migrateQuery({ refId: 'A', queryType: 'objectives' });
    const resolved = resolveQuery(query, testTemplateSrv([]));
    const { frames, errors } = await runQuery(catalog, resolved, ctx(T0, T0 + 4 * HOUR), pgRunner(db));
    expect(errors).toEqual([]);
    expect(frames).toHaveLength(1);
    const f = frames[0];
    // "Always available" sorts before "Quiet support", whatever the catalog order.
    expect(field(f, 'objective')).toEqual(['Always available', 'Always available', 'Quiet support']);
    expect(field(f, 'id')).toEqual(['uptime', 'tickets', 'tickets']);
    expect(field(f, 'value')).toEqual([99.2, 8, 8]);
    // tickets toward 3 from 12: (8 − 12) / (3 − 12) = 44.4 %; toward 5: (8 − 12) / (5 − 12) = 57.1 %.
    const progress = field(f, 'progress') as number[];
    expect(progress[0]).toBe(100);
    expect(progress[1]).toBeCloseTo((100 * 4) / 9, 10);
    expect(progress[2]).toBeCloseTo((100 * 4) / 7, 10);
    expect(field(f, 'status')).toEqual(['achieved', 'on_track', 'on_track']);
    expect(field(f, 'objectiveStatus')).toEqual(['on_track', 'on_track', 'on_track']);
    expect(field(f, 'by')).toEqual([
      Date.parse('2026-07-01T00:00:00Z'),
      Date.parse('2026-09-01T00:00:00Z'),
      Date.parse('2026-07-01T00:00:00Z'),
    ]);
    // The key result links to its KPI's page in the app.
    const kpiField = f.fields.find((x) => x.name === 'kpi')!;
    expect(kpiField.config.links?.[0].url).toContain('${__data.fields.id}');
    const status = f.fields.find((x) => x.name === 'status')!;
    expect(status.config.mappings?.[0].options).toMatchObject({ at_risk: { text: 'At risk', color: 'orange' } });
  });

  it('keeps only the objectives a variable selects', async () => {
    const query = withDefaults({ refId: 'A', objectives: ['$objective'] }, 'objectives');
    const srv = testTemplateSrv([{ name: 'objective', options: ['quiet', 'available'], current: 'quiet' }]);
    const { frames } = await runQuery(catalog, resolveQuery(query, srv), ctx(T0, T0 + 4 * HOUR), pgRunner(db));
    expect(field(frames[0], 'objectiveId')).toEqual(['quiet']);
  });

  it('objectives() lists titles and ids for a variable', async () => {
    expect(await metricFind(catalog, 'objectives()', pgRunner(db))).toEqual([
      { text: 'Quiet support', value: 'quiet' },
      { text: 'Always available', value: 'available' },
    ]);
  });
});

describe('Backtest query', () => {
  it('returns the status at each step as a state-timeline series, with thresholds replaced', async () => {
    const base = withDefaults({ refId: 'B', kpis: ['uptime'], step: '1h' }, 'backtest');
    const run = async (q: typeof base) =>
      (await runQuery(catalog, resolveQuery(q, testTemplateSrv([])), ctx(T0, T0 + 4 * HOUR), pgRunner(db))).frames;
    const frames = await run(base);
    expect(frames).toHaveLength(1);
    expect(field(frames[0], 'time')).toEqual([1, 2, 3, 4].map((k) => T0 + k * HOUR));
    // warning 99, critical 95: 99.5 ok, 96 warning, 90 critical, 99.2 ok.
    expect(field(frames[0], 'status')).toEqual(['ok', 'warning', 'critical', 'ok']);
    expect(frames[0].meta?.custom).toMatchObject({ fired: { warning: 1, critical: 1 } });
    const tried = await run({ ...base, warning: 97, critical: 91 } as typeof base);
    expect(field(tried[0], 'status')).toEqual(['ok', 'warning', 'critical', 'ok']);
    const looser = await run({ ...base, warning: 95, critical: 89 } as typeof base);
    expect(field(looser[0], 'status')).toEqual(['ok', 'ok', 'warning', 'ok']);
  });
});
