import { formatAttainment, formatChange, formatInstant, formatValue } from './format';

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

describe('formatAttainment and formatInstant', () => {
  it('formats', () => {
    expect(formatAttainment(101.2631)).toBe('101.3%');
    expect(formatAttainment(null)).toBe('-');
    expect(formatInstant('2025-03-30T23:58:00.000Z')).toBe('2025-03-30T23:58:00Z');
    expect(formatInstant('2025-03-30T23:58:00.250Z')).toBe('2025-03-30T23:58:00.250Z');
  });
});
