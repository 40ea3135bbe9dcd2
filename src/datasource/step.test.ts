import { resolveStep, stepFromInterval } from './step';

describe('stepFromInterval', () => {
  it.each([
    [1000, '1m'],
    [30_000, '1m'],
    [60_000, '1m'],
    [90_000, '2m'],
    [5 * 60_000, '5m'],
    [90 * 60_000, '90m'],
    [3_600_000, '1h'],
    [3 * 3_600_000, '3h'],
    [86_400_000, '1d'],
    [7 * 86_400_000, '1w'],
    [30 * 86_400_000, '30d'],
    [NaN, '1m'],
  ])('%p ms → %p', (ms, text) => {
    expect(stepFromInterval(ms).text).toBe(text);
  });
});

describe('resolveStep', () => {
  it('follows the panel interval for auto', () => {
    expect(resolveStep('auto', 3_600_000)).toMatchObject({ kind: 'rolling', text: '1h' });
  });

  it('takes a chosen rolling or calendar step', () => {
    expect(resolveStep('month', 60_000)).toMatchObject({ kind: 'calendar', unit: 'month' });
    expect(resolveStep('6h', 60_000)).toMatchObject({ kind: 'rolling', text: '6h' });
  });

  it('rejects anything else', () => {
    expect(() => resolveStep('1.5h', 1)).toThrow('invalid step "1.5h"');
  });
});
