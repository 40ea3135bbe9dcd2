import { parseInstant } from './instant';

describe('parseInstant', () => {
  it.each<[string, string]>([
    ['2025-03-31', '2025-03-31T00:00:00.000Z'],
    ['2025-03-31T12:00', '2025-03-31T12:00:00.000Z'],
    ['2025-03-31T12:00:05Z', '2025-03-31T12:00:05.000Z'],
    ['2025-03-31 12:00:05.5Z', '2025-03-31T12:00:05.500Z'],
    ['2025-03-31T12:00:05.123456Z', '2025-03-31T12:00:05.123Z'],
    ['2025-03-31T14:00:00+02:00', '2025-03-31T12:00:00.000Z'],
    ['2025-03-31T14:00:00+0200', '2025-03-31T12:00:00.000Z'],
    ['2025-03-31T07:30:00-04:30', '2025-03-31T12:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    // ISO-8601's end of day.
    ['2025-03-31T24:00:00Z', '2025-04-01T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    '',
    'yesterday',
    'March 3, 2025',
    '03/31/2025',
    '2025-02-30',
    '2025-02-29',
    '2025-13-01',
    '2025-03-31T12:60Z',
    '2025-03-31T12:00:00+25:00',
    '2025-03-31Z',
    '1743422400000',
    "2025-03-31'; DROP TABLE x; --",
  ])('rejects %p', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });

  it.each<[string, string, string]>([
    // docs/catalog.md (Windows): at = 2025-04-01T00:00 in the catalog zone gives the whole of March.
    ['2025-04-01', 'Europe/Berlin', '2025-03-31T22:00:00.000Z'],
    ['2025-01-01T00:00', 'Europe/Berlin', '2024-12-31T23:00:00.000Z'],
    ['2025-03-09T03:00', 'America/New_York', '2025-03-09T07:00:00.000Z'],
    ['2025-11-02T00:00', 'America/New_York', '2025-11-02T04:00:00.000Z'],
    // An explicit offset wins over the zone.
    ['2025-04-01T00:00:00Z', 'Europe/Berlin', '2025-04-01T00:00:00.000Z'],
  ])('reads %s without offset as wall time in %s: %s', (text, zone, iso) => {
    expect(parseInstant(text, zone)?.toISOString()).toBe(iso);
  });

  it.each([
    ['now-90d', 90 * 86_400_000],
    ['now-2w', 14 * 86_400_000],
    ['now-6h', 6 * 3_600_000],
    ['now-15m', 15 * 60_000],
  ])('reads %s as that long before now', (text, ms) => {
    const before = Date.now();
    const at = parseInstant(text)!.getTime();
    expect(at).toBeGreaterThanOrEqual(before - ms);
    expect(at).toBeLessThanOrEqual(Date.now() - ms);
  });

  it.each(['now-', 'now-7', 'now-7y', 'now-1M', 'now+1d', 'now - 7d', 'now-1.5d'])('rejects %s', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });

  it('reads now as the current time', () => {
    const before = Date.now();
    const now = parseInstant('now')!.getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
