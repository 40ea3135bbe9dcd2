/** @jest-environment jsdom */
/**
 * Pace, minimum volume, `compare: year` and growth KPIs through the KPI data source against real
 * PostgreSQL (docs/catalog.md: Pace, Minimum volume, Comparison period, Growth KPIs): the frames'
 * figures are checked against counts and sums worked out in this file, and their colours through
 * @grafana/data's own override and display code. `/api/ds/query` is the stand-in of
 * tests/support/dsQuery.ts.
 */
import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  dateTime,
  FieldColorModeId,
  getFieldDisplayValues,
} from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { statusInfo, type Status } from '../../src/core/rules/status';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import { withDefaults } from '../../src/query/defaults';
import type { KpiQuery } from '../../src/query/model';
import { createTestDatabase, TestDatabase } from '../support/db';
import { dsQueryStandIn, DsQueryStandIn } from '../support/dsQuery';
import { DAY, HOUR, ms } from '../support/fixtures';
import { AT, deploysBy, paceDataSource, PG, seedPace, SHARE } from '../support/paceFixture';

let db: TestDatabase;
let stand: DsQueryStandIn;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedPace(db);
  stand = dsQueryStandIn(db.client, PG);
  setBackendSrv(stand.backend);
  setTemplateSrv(testTemplateSrv([]));
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(() => stand.reset());

function ask(targets: Array<Partial<KpiQuery>>, from = new Date('2025-03-01T00:00:00Z')): Promise<DataQueryResponse> {
  const request: DataQueryRequest<KpiQuery> = {
    requestId: 'pace',
    interval: '1d',
    intervalMs: DAY,
    range: { from: dateTime(from), to: dateTime(AT), raw: { from: dateTime(from), to: dateTime(AT) } },
    scopedVars: {},
    targets: targets.map((t, i) => withDefaults({ refId: String.fromCharCode(65 + i), ...t })),
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
  };
  return lastValueFrom(paceDataSource().query(request));
}

const theme = createTheme();

/** Each field's shown text, title and colour (last value), by field name: what a Stat panel draws. */
function shown(frame: DataFrame): Record<string, { text: string; title?: string; color?: string }> {
  const fieldConfig = { defaults: { color: { mode: FieldColorModeId.Thresholds } }, overrides: [] };
  const data = applyFieldOverrides({ data: [frame], fieldConfig, replaceVariables: (v) => v, theme });
  const values = getFieldDisplayValues({
    data,
    reduceOptions: { calcs: ['last'], values: false, fields: '/.*/' },
    fieldConfig,
    replaceVariables: (v) => v,
    theme,
  });
  return Object.fromEntries(
    values.map((v) => [
      data[0].fields[v.colIndex ?? -1]?.name ?? '',
      { text: v.display.text, title: v.display.title, color: v.display.color },
    ])
  );
}

const colourOf = (s: Status) => theme.visualization.getColorByName(statusInfo(s).color);
const figures = (frame: DataFrame) => Object.fromEntries(frame.fields.map((f) => [f.name, f.values[0]]));

describe('KPI query', () => {
  it('a paced KPI: to date, elapsed share, projection and expected to date, judged on the projection', async () => {
    const response = await ask([{ queryType: 'kpi', kpis: ['deploys'] }]);
    expect(response.errors).toBeUndefined();
    const [frame]: DataFrame[] = response.data;
    const value = deploysBy(20); // 26
    const f = figures(frame);
    expect(f.value).toBe(value);
    expect(f.elapsedShare).toBeCloseTo(SHARE, 12);
    expect(f.projected).toBeCloseTo(value / SHARE, 9); // 40.3: not below critical 40, below warning 45
    expect(f.expectedToDate).toBeCloseTo(50 * SHARE, 9);
    expect(f.status).toBe('warning');
    // compare: year — March 1st–21st 2024: 20 deployments.
    expect(f.previous).toBe(20);
    expect(f.attainment).toBeCloseTo((100 * value) / 50, 9);
    const seen = shown(frame);
    expect(seen.value.color).toBe(colourOf('warning'));
    expect(seen.projected.color).toBe(colourOf('warning'));
    expect(seen.previous.title).toBe('Deployments same month last year');
    expect(seen.changePercent.title).toBe('Deployments change % vs same month last year');
    expect(frame.fields.map((x) => x.name)).not.toContain('volume');
  });

  it('the pace figure choice makes the value field the projection', async () => {
    const response = await ask([{ queryType: 'kpi', kpis: ['deploys'], figures: ['value'], pace: 'projected' }]);
    const [frame]: DataFrame[] = response.data;
    expect(frame.fields).toHaveLength(1);
    expect(frame.fields[0].values[0]).toBeCloseTo(deploysBy(20) / SHARE, 9);
    expect(shown(frame).value).toMatchObject({ title: 'Deployments projected', color: colourOf('warning') });
  });

  it('a KPI below its minimum volume is low_volume, in its own colour, with its volume', async () => {
    const [frame]: DataFrame[] = (await ask([{ queryType: 'kpi', kpis: ['rate'] }])).data;
    const f = figures(frame);
    expect(f.value).toBeCloseTo((100 * 2) / 3, 9); // a "critical" rate…
    expect(f.volume).toBe(3);
    expect(f.status).toBe('low_volume'); // …with too few runs to judge
    const seen = shown(frame);
    expect(seen.value.color).toBe(colourOf('low_volume'));
    expect(seen.value.color).not.toBe(colourOf('critical'));
    expect(seen.status).toMatchObject({ text: 'Low volume', color: colourOf('low_volume') });
  });

  it('a growth KPI is judged like any other', async () => {
    const [frame]: DataFrame[] = (await ask([{ queryType: 'kpi', kpis: ['revenue_growth'] }])).data;
    // March 1st–21st: 20 × 160 = 3200; February 1st–21st: 20 × 150 = 3000.
    const growth = (100 * (3200 - 3000)) / 3000;
    expect(figures(frame).value).toBeCloseTo(growth, 9);
    expect(figures(frame).status).toBe('warning'); // 6.7 %: below warning 10, not below critical 0
    expect(shown(frame).changePercent.title).toBe('Revenue growth change % vs previous month');
  });
});

describe('Trend query', () => {
  it("a paced KPI's cumulative line against the expected-to-date line, in the status colour", async () => {
    const response = await ask([{ queryType: 'trend', kpis: ['deploys'], step: 'day' }]);
    expect(response.errors).toBeUndefined();
    const [frame]: DataFrame[] = response.data;
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'value', 'target', 'expectedToDate']);
    const times = frame.fields[0].values as number[];
    const days = times.map((t) => Math.round((t - ms('2025-03-01T00:00:00Z')) / DAY));
    expect(days).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(frame.fields[1].values).toEqual(days.map(deploysBy));
    (frame.fields[3].values as number[]).forEach((v, i) => expect(v).toBeCloseTo((50 * days[i]) / 31, 9));
    expect(shown(frame).value.color).toBe(colourOf('warning'));
    // The KPI's status at the range end travelled with the series: one /api/ds/query call after
    // the one that probes for rollups (read by default, docs/rollups.md).
    const statements = stand.calls.filter((c) => !c.sql.every((sql) => sql.includes('pg_class')));
    expect(stand.calls.length - statements.length).toBe(1);
    expect(statements).toHaveLength(1);
  });

  it('a trend of a KPI low on volume at the range end is drawn in the low-volume colour', async () => {
    const [frame]: DataFrame[] = (
      await ask([{ queryType: 'trend', kpis: ['rate'], step: '1h' }], new Date(AT.getTime() - 6 * HOUR))
    ).data;
    expect(shown(frame).value.color).toBe(colourOf('low_volume'));
  });

  it('a growth KPI in trend mode: the growth at each bucket end', async () => {
    const [frame]: DataFrame[] = (
      await ask([{ queryType: 'trend', kpis: ['revenue_growth'], step: 'day' }], new Date('2025-03-18T00:00:00Z'))
    ).data;
    // At the end of March d (d = 18…20): d × 160 against February's first d days, d × 150.
    expect(frame.fields[1].values.map((v: number) => Number(v.toFixed(9)))).toEqual(
      [18, 19, 20].map(() => Number(((100 * (160 - 150)) / 150).toFixed(9)))
    );
  });
});

describe('Breakdown query', () => {
  it('a growth KPI per dimension value of its named KPI', async () => {
    const [frame]: DataFrame[] = (await ask([{ queryType: 'breakdown', kpis: ['revenue_growth'], by: 'region' }])).data;
    const rows = Object.fromEntries(
      (frame.fields[0].values as string[]).map((k, i) => [k, Number((frame.fields[1].values[i] as number).toFixed(9))])
    );
    expect(rows).toEqual({
      eu: Number(((100 * (120 - 100)) / 100).toFixed(9)),
      us: Number(((100 * (40 - 50)) / 50).toFixed(9)),
    });
  });

  it('a paced KPI per team: to-date counts, not coloured by thresholds they are not judged by', async () => {
    const [frame]: DataFrame[] = (await ask([{ queryType: 'breakdown', kpis: ['deploys'], by: 'team' }])).data;
    expect(frame.fields[0].values).toEqual(['a', 'b']);
    expect(frame.fields[1].values).toEqual([20, 6]);
    const seen = shown(frame).value.color;
    expect([colourOf('critical'), colourOf('ok'), colourOf('warning')]).not.toContain(seen);
  });
});
