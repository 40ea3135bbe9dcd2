import type { KpiEvaluation } from '../core/evaluation/evaluate';
import type { KeyResultEvaluation, ObjectiveEvaluation } from '../core/objectives/evaluate';
import { blockSparkline, figureTexts, judgingText, keyResultTexts, objectiveDoneText, shownChange } from './figures';

/** Only the fields a change is shown from. */
function line(change: number, changePercent: number | null, direction: 'higher' | 'lower'): KpiEvaluation {
  return { change, changePercent, unit: 'percent', decimals: 1, direction } as KpiEvaluation;
}

describe('the change a report shows', () => {
  it('is no change (▶, uncoloured, unsigned) when it rounds to zero at the KPI decimals, whatever its percent', () => {
    expect(shownChange(line(-0.04, -2.17, 'higher'))).toEqual({
      text: '0.0 pp (-2.2%)',
      absolute: '0.0 pp',
      relative: '-2.2%',
      arrow: '▶',
      tone: 'flat',
    });
    expect(shownChange(line(0.04, 2.17, 'lower'))).toEqual({
      text: '0.0 pp (+2.2%)',
      absolute: '0.0 pp',
      relative: '+2.2%',
      arrow: '▶',
      tone: 'flat',
    });
  });
  it('is an arrow coloured by the direction once it shows at the KPI decimals', () => {
    expect(shownChange(line(-0.05, -2.7, 'higher'))).toEqual({
      text: '-0.1 pp (-2.7%)',
      absolute: '-0.1 pp',
      relative: '-2.7%',
      arrow: '▼',
      tone: 'bad',
    });
    expect(shownChange(line(-0.05, -2.7, 'lower'))).toEqual({
      text: '-0.1 pp (-2.7%)',
      absolute: '-0.1 pp',
      relative: '-2.7%',
      arrow: '▼',
      tone: 'good',
    });
  });
});

describe('the parts of a change each format lays out', () => {
  it('has the absolute and the relative change apart, and no relative part when there is none', () => {
    const usd = { change: 2247000, changePercent: 29.64, unit: 'currencyUSD', decimals: 0, direction: 'higher' };
    expect(shownChange(usd as KpiEvaluation)).toMatchObject({ absolute: '+$2,247,000', relative: '+29.6%' });
    expect(shownChange({ ...usd, changePercent: null } as KpiEvaluation)).toMatchObject({
      text: '+$2,247,000',
      absolute: '+$2,247,000',
      relative: null,
    });
    expect(shownChange({ ...usd, change: null, changePercent: null } as KpiEvaluation)).toEqual({
      text: '-',
      absolute: '-',
      relative: null,
      arrow: '',
      tone: null,
    });
  });
});

describe('what a report says for a KPI without a value', () => {
  const base = {
    value: null,
    status: 'no_data',
    direction: 'higher',
    window: { from: '2026-04-04T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' },
  };
  it('says when nothing was recorded before the period ended', () => {
    expect(judgingText({ ...base, lastDataAt: null } as KpiEvaluation)).toBe("no data before the period's end");
  });
  it('says when the latest data is older than the window', () => {
    // 180-day window; the last round 188 days before the period's end.
    expect(judgingText({ ...base, lastDataAt: '2026-03-27T00:00:00.000Z' } as KpiEvaluation)).toBe(
      "no data in its 180-day window; the latest is from 188 days before the period's end"
    );
  });
  it('says nothing more for a query that failed: the error is shown', () => {
    expect(judgingText({ ...base, lastDataAt: null, error: 'kpi x: boom' } as KpiEvaluation)).toBeNull();
  });
});

describe('the text sparkline', () => {
  it('keeps a month of daily points, and thins a quarter to 31 with its first and last', () => {
    expect(blockSparkline([1, 2, 3, null, 8])).toBe('▁▂▃ █');
    const quarter = Array.from({ length: 92 }, (_, i) => i);
    const line = blockSparkline(quarter);
    expect([...line]).toHaveLength(31);
    expect(line.startsWith('▁')).toBe(true);
    expect(line.endsWith('█')).toBe(true);
  });
});

describe('an objective in a report dated before it starts', () => {
  // What evaluateObjectives gives before `from`: the formulas' 100 % against a clipped 0 %.
  const kr = {
    kpi: 'automation_success_rate',
    name: 'Automation success rate',
    unit: 'percent',
    decimals: 1,
    value: 96,
    baseline: 80,
    target: 95,
    by: '2027-01-01T00:00:00.000Z',
    progress: 100,
    expectedProgress: 0,
    status: 'achieved',
  } as KeyResultEvaluation;
  const objective = {
    id: 'automate',
    title: 'Automate',
    owner: null,
    from: '2026-10-01T00:00:00.000Z',
    progress: 100,
    status: 'achieved',
    keyResults: [kr],
  } as ObjectiveEvaluation;

  it('says when it starts instead of "100.0% of 0.0% expected"', () => {
    const t = keyResultTexts(kr, objective, '2026-09-28T00:00:00.000Z', 'UTC');
    expect(t).toMatchObject({ progress: '—', expected: '—', starts: 'starts 2026-10-01 00:00' });
    expect(objectiveDoneText(objective, '2026-09-28T00:00:00.000Z', 'UTC')).toBe('starts 2026-10-01 00:00');
  });
  it('shows progress against the expected progress from its start on', () => {
    const started = { ...kr, progress: 62.5, expectedProgress: 25 };
    const t = keyResultTexts(started, objective, '2026-10-01T00:00:00.000Z', 'UTC');
    expect(t).toMatchObject({ progress: '62.5%', expected: '25.0%', starts: null });
    expect(objectiveDoneText({ ...objective, progress: 62.5 }, '2026-10-01T00:00:00.000Z', 'UTC')).toBe('62.5% done');
  });
});

describe('a value a rollup sketch answered', () => {
  const k = {
    ...{ value: 182.4, target: 200, unit: 'ms', decimals: 0, direction: 'lower', change: null, lastDataAt: null },
    window: { from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' },
  } as KpiEvaluation;
  it('is marked ≈ in every format, and only then', () => {
    expect(figureTexts({ ...k, approximate: true }).value).toBe('≈ 182 ms');
    expect(figureTexts(k).value).toBe('182 ms');
    expect(figureTexts({ ...k, approximate: true, value: null }).value).not.toContain('≈');
  });
});
