/**
 * The generated panels shown by Grafana's own code: each panel's queries are answered with real
 * data-source frames (the frame builders of src/datasource/frames.ts over sample evaluations of the
 * data source's test catalog), then run through the panel's transformations (the standard
 * transformers), `applyFieldOverrides` and `getFieldDisplayValues` with the panel's options, as
 * the Stat panel does. What a viewer would see is asserted: text, colour, sparkline.
 */
import type { DataFrame, FieldDisplay } from '@grafana/data';
import { colorOf as color, registerTransformers, statDisplay } from '../../../tests/support/panelDisplay';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Catalog } from '../../core/catalog/model';
import { parseCatalog } from '../../core/catalog/parse';
import type { KpiEvaluation } from '../../core/evaluation/evaluate';
import type { SeriesResult } from '../../core/evaluation/series';
import type { Status } from '../../core/rules/status';
import { TEST_CATALOG_YAML } from '../../datasource/fixtures';
import { displayOf, kpiFrame, scorecardFrame, seriesFrame } from '../../datasource/frames';
import { resolveQuery, selectKpis } from '../../datasource/resolve';
import { testTemplateSrv } from '../../datasource/testTemplateSrv';
import { STATUS_COLORS } from '../../datasource/thresholds';
import type { KpiQuery } from '../../query/model';
import { catalogDashboards } from '.';
import { STATUS_TILES } from './panels';
import { inForceAt } from '../../core/rules/targets';

const AT = Date.parse('2025-03-31T00:00:00Z');
const DAY = 86_400_000;

const catalog = parseCatalog(TEST_CATALOG_YAML, 'test.yaml').catalog as Catalog;

/** Sample evaluations at AT: one critical, one warning, one OK, as the datasource tests compute them. */
function evaluation(id: string, value: number | null, status: Status, extra: Partial<KpiEvaluation>): KpiEvaluation {
  const kpi = catalog.kpis.find((k) => k.id === id)!;
  // The figures in force at AT, by the one rule (core/rules/targets.ts).
  const { target, warning, critical } = inForceAt(kpi, new Date(AT), catalog.timezone);
  return {
    id,
    name: kpi.name,
    unit: kpi.unit,
    decimals: kpi.decimals,
    area: kpi.area,
    owner: kpi.owner,
    direction: kpi.direction,
    value,
    target,
    warning,
    critical,
    status,
    attainment: null,
    previous: null,
    change: null,
    changePercent: null,
    window: { from: new Date(AT - 7 * DAY).toISOString(), to: new Date(AT).toISOString() },
    previousWindow: { from: new Date(AT - 14 * DAY).toISOString(), to: new Date(AT - 7 * DAY).toISOString() },
    lastDataAt: null,
    stale: false,
    ...extra,
  };
}

const EVALUATIONS: KpiEvaluation[] = [
  evaluation('success_rate', 75, 'critical', { previous: 100, change: -25, changePercent: -25, attainment: 78.9 }),
  evaluation('run_count', 20, 'ok', { previous: 10, change: 10, changePercent: 100, attainment: 200 }),
  evaluation('resolution_minutes', 50, 'warning', { previous: 15, change: 35, changePercent: 233.3, attainment: 60 }),
];

/** A trend series whose last point is the KPI at the range end (the data source's alignment). */
function series(e: KpiEvaluation, mode: 'trend' | 'buckets'): SeriesResult {
  const values = [e.value === null ? null : e.value + 3, null, e.value === null ? null : e.value - 1, e.value];
  return {
    kpi: e.id,
    mode,
    points: values.map((value, i) => ({
      time: new Date(AT - (values.length - 1 - i) * DAY).toISOString(),
      value,
      target: e.target,
    })),
  };
}

/** The frames the data source answers a panel target with, for the given evaluations. */
function framesFor(target: KpiQuery, evaluations: KpiEvaluation[], kpiVariable: string): DataFrame[] {
  const templateSrv = testTemplateSrv([{ name: 'kpi', options: catalog.kpis.map((k) => k.id), current: kpiVariable }]);
  const resolved = resolveQuery(target, templateSrv);
  const ids = selectKpis(catalog, resolved.selector);
  const selected = evaluations.filter((e) => ids.includes(e.id));
  switch (target.queryType) {
    case 'kpi':
      return selected.map((e) => kpiFrame(e, target.refId, 'ds', { figures: target.figures, pace: target.pace }));
    case 'scorecard':
      return [scorecardFrame(selected, target.refId, 'ds')];
    case 'trend':
      return selected.map((e) => seriesFrame(series(e, target.mode), displayOf(e, 'ds'), target.refId, target.targetLine !== false));
    default:
      return [];
  }
}

/** What the Stat panel shows: Grafana's transformations, overrides and display values. */
async function shown(panel: Panel, evaluations = EVALUATIONS, kpiVariable = 'success_rate'): Promise<FieldDisplay[]> {
  const targets = (panel.targets ?? []) as unknown as KpiQuery[];
  return statDisplay(
    panel,
    targets.flatMap((t) => framesFor(t, evaluations, kpiVariable))
  );
}

const files = catalogDashboards(catalog);
const byFile = (file: string) => files.find((f) => f.file === file)!.dashboard;
const panels = (file: string) => (byFile(file).panels ?? []) as Panel[];

beforeAll(registerTransformers);

describe('KPI card', () => {
  const card = (id: string) => panels('overview.json').find((p) => p.title === catalog.kpis.find((k) => k.id === id)!.name)!;

  it.each(EVALUATIONS.map((e) => [e.id, e] as const))('%s: value in the status colour with a sparkline, change %% and target', async (_id, e) => {
    const [value, change, target, ...more] = await shown(card(e.id));
    expect(more).toEqual([]);
    const expected = displayOf(e).unit === 'percent' ? `${e.value!.toFixed(1)}` : `${e.value}`;
    expect({ title: value.display.title, text: value.display.text, color: value.display.color }).toEqual({
      title: e.name,
      text: expected,
      color: color(STATUS_COLORS[e.status]),
    });
    // A sparkline needs the trend's time field in the value's frame, and more than one point.
    expect(value.sparkline?.x?.name).toBe('time');
    expect(value.sparkline?.y.values.length).toBeGreaterThan(1);
    expect(change.display.title).toBe(`${e.name} change %`);
    expect(change.display.text).toBe(e.changePercent!.toFixed(1));
    expect(change.display.suffix).toBe('%');
    expect(target.display.title).toBe(`${e.name} target`);
    expect(Number(target.display.text)).toBe(e.target);
  });

  it('shows "No data" in the no-data colour, not red and not an old value, when the KPI has no value now', async () => {
    // The trend's earlier points have values; only the last (now) is missing.
    const e = evaluation('success_rate', null, 'no_data', {});
    const [value] = await shown(card('success_rate'), [e]);
    expect(value.display.text).toBe('No data');
    expect(value.display.color).toBe(color(STATUS_COLORS.no_data));
  });
});

describe('KPI detail figures', () => {
  const figure = (title: string) => panels('kpi-detail.json').find((p) => p.title === title)!;

  it.each([
    ['Value', '75.0', color('red')],
    ['Target', '95.0', undefined],
    ['Attainment', '78.9', undefined],
    ['Comparison window', '100.0', undefined],
    ['Change vs comparison window', '-25.0', undefined],
    ['Status', 'Critical', color('red')],
  ])('%s shows its figure', async (title, text, expectedColor) => {
    const values = await shown(figure(title));
    expect(values).toHaveLength(1);
    expect(values[0].display.text).toBe(text);
    if (expectedColor) {
      expect(values[0].display.color).toBe(expectedColor);
    }
  });
});

describe('status tiles', () => {
  const tiles = (file: string) => {
    const titles = STATUS_TILES.map((t) => t.title);
    return panels(file).filter((p) => p.type === 'stat' && titles.includes(p.title ?? ''));
  };

  it.each([
    ['critical, OK, warning', EVALUATIONS, { Critical: '1', Error: '0', Warning: '1', 'No data': '0', 'Low volume': '0', Pending: '0', OK: '1' }],
    [
      'critical, no data, error',
      [
        EVALUATIONS[0],
        evaluation('run_count', null, 'no_data', {}),
        evaluation('resolution_minutes', null, 'error', { error: 'boom' }),
      ],
      { Critical: '1', Error: '1', Warning: '0', 'No data': '1', 'Low volume': '0', Pending: '0', OK: '0' },
    ],
  ])('count the KPIs of each status in the status colour (%s)', async (_label, evaluations, counts) => {
    const result: Record<string, string> = {};
    for (const tile of tiles('overview.json')) {
      const [value, ...more] = await shown(tile, evaluations);
      expect(more).toEqual([]);
      const status = STATUS_TILES.find((t) => t.title === tile.title)!.status;
      expect({ tile: tile.title, color: value.display.color }).toEqual({
        tile: tile.title,
        color: color(STATUS_COLORS[status]),
      });
      result[tile.title!] = value.display.text;
    }
    expect(result).toEqual(counts);
  });

  it('on an area dashboard count only the area’s KPIs', async () => {
    const counts: Record<string, string> = {};
    for (const tile of tiles('area-01-provisioning.json')) {
      counts[tile.title!] = (await shown(tile))[0].display.text;
    }
    expect(counts).toEqual({
      Critical: '1',
      Error: '0',
      Warning: '0',
      'No data': '0',
      'Low volume': '0',
      Pending: '0',
      OK: '1',
    });
  });

  it('count low-volume and pending KPIs in tiles of their own', async () => {
    const evaluations = [
      evaluation('success_rate', 75, 'low_volume', {}),
      evaluation('run_count', 2, 'pending', {}),
      EVALUATIONS[2],
    ];
    const counts: Record<string, string> = {};
    for (const tile of tiles('overview.json')) {
      const [value] = await shown(tile, evaluations);
      counts[tile.title!] = value.display.text;
    }
    expect(counts).toMatchObject({ 'Low volume': '1', Pending: '1', Warning: '1', Critical: '0', OK: '0' });
  });
});
