import {
  ChangeParts,
  changeRoundsToZero,
  formatAttainment,
  formatChange,
  formatChangeParts,
  formatInstant,
  formatValue,
  joinChange,
} from './format';

describe('formatValue', () => {
  it.each<[number | null, string | undefined, number | undefined, string]>([
    [96.2345, 'percent', 1, '96.2%'],
    [12, 's', 1, '12.0 s'],
    [1234.5, 'currencyUSD', 2, '$1,234.50'],
    [-25, 'currencyUSD', 2, '-$25.00'],
    [0.962, 'percentunit', 1, '96.2%'],
    [42, undefined, undefined, '42'],
    [3.14159, 'short', undefined, '3.14'],
    [0.001234, 'none', undefined, '0.00123'],
    [7, 'requests', 0, '7 requests'],
    [null, 'percent', 1, '-'],
  ])('%p %p %p → %p', (value, unit, decimals, text) => {
    expect(formatValue(value, unit, decimals)).toBe(text);
  });
});

describe('formatChange', () => {
  it('shows percentage points for a percent KPI and the relative change beside it', () => {
    expect(formatChange(2.2, 2.34, 'percent', 1)).toBe('+2.2 pp (+2.3%)');
  });
  it('signs negative changes and omits an unknown relative change', () => {
    expect(formatChange(-3, null, 's', 0)).toBe('-3 s');
    expect(formatChange(null, null, 's', 0)).toBe('-');
  });
});

describe('formatChangeParts', () => {
  it.each<[number | null, number | null, string | undefined, number | undefined, ChangeParts | null]>([
    [2247000, 29.64, 'currencyUSD', 0, { absolute: '+$2,247,000', relative: '+29.6%' }],
    [-25, -10, 'currencyUSD', 2, { absolute: '-$25.00', relative: '-10.0%' }],
    [2.2, 2.34, 'percent', 1, { absolute: '+2.2 pp', relative: '+2.3%' }],
    // Rounds to zero: no sign on the absolute part; the relative part keeps its own.
    [-0.04, -2.17, 'percent', 1, { absolute: '0.0 pp', relative: '-2.2%' }],
    [-3, null, 's', 0, { absolute: '-3 s', relative: null }],
    [null, null, 's', 0, null],
  ])('%p %p %p %p → %p', (change, percent, unit, decimals, parts) => {
    expect(formatChangeParts(change, percent, unit, decimals)).toEqual(parts);
  });
  it('joins into the one-line text formatChange returns', () => {
    expect(joinChange(formatChangeParts(2247000, 29.64, 'currencyUSD', 0))).toBe('+$2,247,000 (+29.6%)');
    expect(joinChange(formatChangeParts(-3, null, 's', 0))).toBe('-3 s');
    expect(joinChange(null)).toBe('-');
  });
});

describe('a change that rounds to zero at the KPI decimals', () => {
  it('has no sign, even when its relative size does not round to zero', () => {
    // 1.84 % → 1.80 %: -0.04 pp at one decimal is 0.0 pp, and -2.2 % of the previous figure.
    expect(formatChange(-0.04, -2.17, 'percent', 1)).toBe('0.0 pp (-2.2%)');
    expect(formatChange(-0.0004, -2.17, 'percentunit', 1)).toBe('0.0 pp (-2.2%)');
    expect(formatChange(0.3, 0.01, 's', 0)).toBe('0 s (0.0%)');
    expect(formatChange(-0.2, -0.04, 'currencyUSD', 0)).toBe('$0 (0.0%)');
  });
  it('keeps the sign of a change shown at the KPI decimals, and of its relative part', () => {
    expect(formatChange(-0.05, -2.7, 'percent', 1)).toBe('-0.1 pp (-2.7%)');
    expect(formatChange(-0.03, -0.03, 'percent', 2)).toBe('-0.03 pp (0.0%)');
    expect(formatChange(100, 0.01, 'currencyUSD', 0)).toBe('+$100 (0.0%)');
    expect(formatChange(-25, -10, 'currencyUSD', 2)).toBe('-$25.00 (-10.0%)');
  });
  it.each<[number, string | undefined, number | undefined, boolean]>([
    [-0.04, 'percent', 1, true],
    [-0.05, 'percent', 1, false],
    [-0.0004, 'percentunit', 1, true],
    [0.4, 'short', 0, true],
    [0.5, 'short', 0, false],
    [0, undefined, undefined, true],
    [0.001, undefined, undefined, false],
  ])('changeRoundsToZero(%p, %p, %p) is %p', (change, unit, decimals, zero) => {
    expect(changeRoundsToZero(change, unit, decimals)).toBe(zero);
  });
});

describe('formatAttainment and formatInstant', () => {
  it('formats', () => {
    expect(formatAttainment(101.2631)).toBe('101.3%');
    expect(formatAttainment(null)).toBe('-');
    expect(formatInstant('2025-03-30T23:58:00.000Z')).toBe('2025-03-30T23:58:00Z');
    expect(formatInstant('2025-03-30T23:58:00.250Z')).toBe('2025-03-30T23:58:00.250Z');
  });
});
