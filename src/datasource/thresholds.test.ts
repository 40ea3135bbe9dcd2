import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  FieldColorModeId,
  FieldConfigSource,
  getFieldDisplayValues,
  ThresholdsMode,
} from '@grafana/data';
import type { Direction } from '../core/catalog/model';
import type { KpiEvaluation } from '../core/evaluation/evaluate';
import { statusOf } from '../core/rules/statusRule';
import { kpiFrame } from './frames';
import { nextUp, STATUS_COLORS } from './thresholds';

const theme = createTheme();

/** What a new Stat panel brings: its own default thresholds (green, red at 80), colour by thresholds. */
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

/** The previous double (for "just below" a threshold). */
function nextDown(x: number): number {
  return -nextUp(-x);
}

function evaluation(
  value: number | null,
  direction: Direction,
  warning: number | null,
  critical: number | null
): KpiEvaluation {
  return {
    id: 'k',
    name: 'KPI',
    unit: 'percent',
    decimals: 1,
    direction,
    value,
    target: warning,
    warning,
    critical,
    status: statusOf(value, { warning, critical }, direction),
    attainment: null,
    previous: null,
    change: null,
    changePercent: null,
    window: { from: '', to: '' },
    previousWindow: { from: '', to: '' },
    lastDataAt: null,
    stale: false,
  };
}

/** The colour a Stat panel shows for the KPI's value: Grafana's own override and display code. */
function statColor(frame: DataFrame): string | undefined {
  const data = applyFieldOverrides({
    data: [frame],
    fieldConfig: STAT_PANEL_DEFAULTS,
    replaceVariables: (v) => v,
    theme,
  });
  const shown = getFieldDisplayValues({
    data,
    reduceOptions: { calcs: ['lastNotNull'], values: false, fields: '' },
    fieldConfig: STAT_PANEL_DEFAULTS,
    replaceVariables: (v) => v,
    theme,
  });
  return shown.find((d) => d.field.displayName === 'KPI' || d.display.title === 'KPI')?.display.color;
}

/** Each threshold, with values just below, at and just above it (and a little further out). */
function around(...thresholds: number[]): number[] {
  return thresholds.flatMap((t) => [t - 1, nextDown(t), t, nextUp(t), t + 1]);
}

type Case = [string, Direction, number | null, number | null];
const CASES: Case[] = [
  ['higher, warning and critical', 'higher', 95, 90],
  ['higher, equal warning and critical', 'higher', 90, 90],
  ['higher, warning only', 'higher', 95, null],
  ['higher, critical only', 'higher', null, 90],
  ['higher, negative thresholds', 'higher', -5, -10],
  ['higher, zero', 'higher', 0, -1],
  ['lower, warning and critical', 'lower', 5, 10],
  ['lower, equal warning and critical', 'lower', 10, 10],
  ['lower, warning only', 'lower', 5, null],
  ['lower, critical only', 'lower', null, 10],
  ['lower, negative thresholds', 'lower', -10, -5],
  ['lower, zero', 'lower', 0, 1],
  ['lower, fractional thresholds', 'lower', 0.1, 0.3],
  ['no thresholds', 'higher', null, null],
];

describe('Stat panel colour equals the KPI status', () => {
  it.each(CASES)('%s', (_label, direction, warning, critical) => {
    const values = around(...[warning, critical].filter((t): t is number => t !== null), 50);
    const seen = new Set<string>();
    for (const value of values) {
      const e = evaluation(value, direction, warning, critical);
      seen.add(e.status);
      const expected = theme.visualization.getColorByName(STATUS_COLORS[e.status]);
      expect({ value, color: statColor(kpiFrame(e, 'A')) }).toEqual({ value, color: expected });
    }
    // The table really crosses the thresholds: every status the thresholds allow shows up.
    const expectedStatuses = 1 + (warning !== null ? 1 : 0) + (critical !== null && critical !== warning ? 1 : 0);
    expect(seen.size).toBe(expectedStatuses);
  });

  it('agrees on the boundary: equal does not breach, the next double does', () => {
    const at = evaluation(10, 'lower', 5, 10);
    const above = evaluation(nextUp(10), 'lower', 5, 10);
    expect([at.status, above.status]).toEqual(['warning', 'critical']);
    expect(statColor(kpiFrame(at, 'A'))).toBe(theme.visualization.getColorByName('orange'));
    expect(statColor(kpiFrame(above, 'A'))).toBe(theme.visualization.getColorByName('red'));
  });

  it.each<[Direction, number | null, number | null]>([
    ['higher', 95, 90],
    ['higher', null, null],
    ['lower', 5, 10],
  ])('shows a KPI without a value as "No data" in the no-data colour, never red (%s, %p, %p)', (d, w, c) => {
    const e = { ...evaluation(null, d, w, c), status: 'no_data' as const };
    const data = applyFieldOverrides({
      data: [kpiFrame(e, 'A')],
      fieldConfig: STAT_PANEL_DEFAULTS,
      replaceVariables: (v) => v,
      theme,
    });
    const [shown] = getFieldDisplayValues({
      data,
      reduceOptions: { calcs: ['last'], values: false, fields: '' },
      fieldConfig: STAT_PANEL_DEFAULTS,
      replaceVariables: (v) => v,
      theme,
    });
    expect(shown.display.text).toBe('No data');
    expect(shown.display.color).toBe(theme.visualization.getColorByName(STATUS_COLORS.no_data));
    expect(shown.display.color).not.toBe(theme.visualization.getColorByName('red'));
  });
});

describe('nextUp', () => {
  it.each([
    [1, 1 + Number.EPSILON],
    [0, Number.MIN_VALUE],
    [-0, Number.MIN_VALUE],
    [-Number.MIN_VALUE, -0],
    [Number.MAX_VALUE, Infinity],
  ])('nextUp(%p) = %p', (x, expected) => {
    expect(nextUp(x)).toBe(expected);
  });

  it('leaves no double between x and nextUp(x)', () => {
    for (const x of [0.1, 5, 10, 95.5, -3.25, 1e-300, 1e300]) {
      const up = nextUp(x);
      expect(up).toBeGreaterThan(x);
      expect((x + up) / 2 === x || (x + up) / 2 === up).toBe(true);
    }
  });
});
