import { parseDuration, parseWindow, rollingMs, rollingTooLong } from './duration';
import { WindowSpec } from './model';

describe('parseWindow', () => {
  it.each<[string, WindowSpec]>([
    ['15m', { kind: 'rolling', amount: 15, unit: 'm', text: '15m' }],
    ['2h', { kind: 'rolling', amount: 2, unit: 'h', text: '2h' }],
    ['30d', { kind: 'rolling', amount: 30, unit: 'd', text: '30d' }],
    ['1w', { kind: 'rolling', amount: 1, unit: 'w', text: '1w' }],
    ['day', { kind: 'calendar', unit: 'day', text: 'day' }],
    ['week', { kind: 'calendar', unit: 'week', text: 'week' }],
    ['month', { kind: 'calendar', unit: 'month', text: 'month' }],
    ['quarter', { kind: 'calendar', unit: 'quarter', text: 'quarter' }],
    ['year', { kind: 'calendar', unit: 'year', text: 'year' }],
  ])('%s', (text, expected) => {
    expect(parseWindow(text)).toEqual(expected);
  });

  it.each([
    '',
    '0d',
    '07d',
    '-1d',
    '1.5h',
    '30days',
    '30 d',
    ' 30d',
    '30D',
    '1y',
    '1s',
    'Month',
    'months',
    'd',
    '2000000d',
    "1d'",
    '$1d',
  ])('rejects %j', (text) => {
    expect(parseWindow(text)).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['5m', 5 * 60_000],
    ['15m', 15 * 60_000],
    ['2h', 2 * 3_600_000],
    ['1d', 24 * 3_600_000],
    ['1w', 7 * 24 * 3_600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['month', 'day', '15 minutes', '0m', '', 'PT15M'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('the 100-year cap', () => {
  it.each([
    ['36500d', '36501d'],
    ['5214w', '5215w'],
    ['876000h', '876001h'],
    ['52560000m', '52560001m'],
  ])('accepts %s and refuses %s', (longest, tooLong) => {
    expect(parseWindow(longest)).toMatchObject({ kind: 'rolling' });
    expect(parseDuration(longest)).toBeLessThanOrEqual(36_500 * 86_400_000);
    expect(rollingTooLong(longest)).toBeUndefined();
    expect(parseWindow(tooLong)).toBeUndefined();
    expect(parseDuration(tooLong)).toBeUndefined();
    expect(rollingTooLong(tooLong)).toMatch(/longer than 100 years/);
  });

  it('says nothing about windows that are wrong for another reason', () => {
    expect(rollingTooLong('30days')).toBeUndefined();
    expect(rollingTooLong('month')).toBeUndefined();
  });
});

describe('rollingMs', () => {
  it('is an absolute duration', () => {
    expect(rollingMs({ amount: 2, unit: 'w' })).toBe(14 * 86_400_000);
  });
});
