/**
 * Pending, low volume and paced KPIs shown by Grafana's own display code: the frames' field
 * config goes through `applyFieldOverrides` with a new Stat panel's defaults (green, red at 80),
 * then `getFieldDisplayValues` / the field's display processor give the colour a viewer sees.
 */
import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  FieldColorModeId,
  FieldConfigSource,
  getFieldDisplayValues,
  ThresholdsMode,
} from '@grafana/data';
import type { KpiEvaluation } from '../core/evaluation/evaluate';
import { judgedStatus } from '../core/evaluation/status';
import { Status, statusInfo } from '../core/rules/status';
import { displayOf, kpiFrame, seriesFrame } from './frames';

const theme = createTheme();
const colour = (name: string) => theme.visualization.getColorByName(name);

const STAT_PANEL_DEFAULTS: FieldConfigSource = {
  defaults: {
    color: { mode: FieldColorModeId.Thresholds },
    thresholds: {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    },
    mappings: [],
  },
  overrides: [],
};

/** Every field's shown text and colour, by field name, as a Stat panel showing all fields would. */
function shown(frame: DataFrame): Record<string, { text: string; color?: string; title?: string }> {
  const data = applyFieldOverrides({
    data: [frame],
    fieldConfig: STAT_PANEL_DEFAULTS,
    replaceVariables: (v) => v,
    theme,
  });
  const values = getFieldDisplayValues({
    data,
    reduceOptions: { calcs: ['last'], values: false, fields: '/.*/' },
    fieldConfig: STAT_PANEL_DEFAULTS,
    replaceVariables: (v) => v,
    theme,
  });
  return Object.fromEntries(
    values.map((v) => [
      data[0].fields[v.colIndex ?? -1]?.name ?? '',
      { text: v.display.text, color: v.display.color, title: v.display.title },
    ])
  );
}

/** 50 deployments a month (higher is better), warning 45, critical 40, pace after 0.2. */
function paced(value: number, elapsedShare: number, minVolume?: { volume: number; min: number }): KpiEvaluation {
  const projected = value / elapsedShare;
  const status = judgedStatus(
    {
      value,
      judged: projected,
      elapsedShare,
      after: 0.2,
      volume: minVolume?.volume,
      minVolume: minVolume?.min,
    },
    { warning: 45, critical: 40 },
    'higher'
  );
  return {
    id: 'deploys',
    name: 'Deployments',
    direction: 'higher',
    value,
    target: 50,
    warning: 45,
    critical: 40,
    status,
    attainment: (100 * value) / 50,
    previous: 48,
    change: value - 48,
    changePercent: (100 * (value - 48)) / 48,
    window: { from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z' },
    previousWindow: { from: '2025-02-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z' },
    lastDataAt: null,
    stale: false,
    elapsedShare,
    projected,
    expectedToDate: 50 * elapsedShare,
    ...(minVolume ? { volume: minVolume.volume } : {}),
  };
}

/** A success rate (higher is better, warning 95, critical 90) with a minimum volume of 30. */
function rate(value: number, volume: number): KpiEvaluation {
  const status = judgedStatus({ value, judged: value, volume, minVolume: 30 }, { warning: 95, critical: 90 }, 'higher');
  return {
    ...paced(0, 1),
    id: 'rate',
    name: 'Success rate',
    unit: 'percent',
    value,
    target: 95,
    warning: 95,
    critical: 90,
    status,
    elapsedShare: undefined,
    projected: undefined,
    expectedToDate: undefined,
    volume,
  };
}

const stateColour = (s: Status) => colour(statusInfo(s).color);

describe('states decided before the thresholds have their own colour', () => {
  it.each<[string, KpiEvaluation, Status]>([
    ['low volume with a value the thresholds call critical', rate(50, 3), 'low_volume'],
    ['low volume with a value the thresholds call ok', rate(99, 29), 'low_volume'],
    ['pending, far behind', paced(1, 0.1), 'pending'],
    ['pending, far ahead', paced(20, 0.1), 'pending'],
    ['low volume before pending (precedence)', paced(1, 0.1, { volume: 1, min: 5 }), 'low_volume'],
  ])('%s', (_label, e, state) => {
    expect(e.status).toBe(state);
    const fields = shown(kpiFrame(e, 'A'));
    expect(fields.value.color).toBe(stateColour(state));
    expect(fields.status).toMatchObject({ text: statusInfo(state).name, color: stateColour(state) });
    for (const verdict of ['red', 'green', 'orange']) {
      expect(fields.value.color).not.toBe(colour(verdict));
    }
    if (e.projected !== undefined) {
      expect(fields.projected.color).toBe(stateColour(state));
    }
  });

  it('the volume figure is there for a KPI with a minimum volume, as a plain count', () => {
    const fields = shown(kpiFrame(rate(99, 29), 'A'));
    expect(fields.volume).toMatchObject({ text: '29', title: 'Success rate volume' });
    expect(Object.keys(shown(kpiFrame(paced(20, 0.5), 'A')))).not.toContain('volume');
  });
});

describe('a paced KPI is coloured by its projection', () => {
  it.each<[number, number, Status]>([
    // 20 of 50 at 40 % of the month: on pace for exactly 50.
    [20, 0.4, 'ok'],
    // 17 at 40 %: projected 42.5, below warning 45.
    [17, 0.4, 'warning'],
    // 30 at 80 %: projected 37.5, below critical 40, although 30 is "green" for a plain Stat.
    [30, 0.8, 'critical'],
    // The period is over: projected = value.
    [41, 1, 'warning'],
  ])('to date %p at elapsed share %p is %s', (value, share, status) => {
    const e = paced(value, share);
    expect(e.status).toBe(status);
    const fields = shown(kpiFrame(e, 'A'));
    expect(fields.value.color).toBe(stateColour(status));
    expect(fields.projected.color).toBe(stateColour(status));
    expect(fields.projected.text).toBe(String(value / share));
    expect(fields.expectedToDate).toMatchObject({ text: String(50 * share), title: 'Deployments expected to date' });
    expect(fields.elapsedShare).toMatchObject({ text: String(Math.round(share * 100)), title: 'Deployments elapsed' });
    // Reference figures are never threshold-coloured.
    expect(fields.expectedToDate.color).not.toBe(stateColour('critical'));
  });

  it('the pace figure choice puts the projection or the expected value in the value field, status-coloured', () => {
    const e = paced(30, 0.8);
    const headline = (pace?: 'value' | 'projected' | 'expectedToDate') =>
      shown(kpiFrame(e, 'A', undefined, { figures: ['value'], pace })).value;
    expect(headline()).toMatchObject({ text: '30', title: 'Deployments' });
    expect(headline('value')).toMatchObject({ text: '30' });
    expect(headline('projected')).toMatchObject({
      text: '37.5',
      title: 'Deployments projected',
      color: stateColour('critical'),
    });
    expect(headline('expectedToDate')).toMatchObject({
      text: '40',
      title: 'Deployments expected to date',
      color: stateColour('critical'),
    });
  });

  it('a KPI without pace ignores the choice and has no pace fields', () => {
    const e = rate(99, 40);
    const fields = shown(kpiFrame(e, 'A', undefined, { pace: 'projected' }));
    expect(fields.value).toMatchObject({ text: '99', color: stateColour('ok') });
    expect(Object.keys(fields)).not.toEqual(expect.arrayContaining(['projected']));
    expect(kpiFrame(e, 'A', undefined, { figures: ['projected'] }).fields).toHaveLength(0);
  });

  it('a trend of a paced KPI: the cumulative line in the status colour, with the expected-to-date line', () => {
    const e = paced(30, 0.8);
    const series = {
      kpi: 'deploys',
      mode: 'trend' as const,
      points: [
        { time: '2025-03-10T00:00:00.000Z', value: 5, target: 50, expectedToDate: 50 * (9 / 31) },
        { time: '2025-03-25T00:00:00.000Z', value: 30, target: 50, expectedToDate: 50 * (24 / 31) },
      ],
    };
    const frame = seriesFrame(series, { ...displayOf(e), paced: true }, 'A');
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'value', 'target', 'expectedToDate']);
    expect(frame.fields[3].values).toEqual(series.points.map((p) => p.expectedToDate));
    const fields = shown(frame);
    expect(fields.value.color).toBe(stateColour('critical'));
    expect(fields.expectedToDate.title).toBe('Deployments expected to date');
  });
});

describe('comparison labels', () => {
  it('name previous and change after the comparison window', () => {
    const e = paced(30, 0.8);
    const fields = shown(kpiFrame(e, 'A', undefined, { comparison: 'vs same month last year' }));
    expect(fields.previous.title).toBe('Deployments same month last year');
    expect(fields.changePercent.title).toBe('Deployments change % vs same month last year');
  });
});
