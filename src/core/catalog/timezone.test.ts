import { startOfDateMs } from '../rules/instant';
import { isValidTimeZone } from './timezone';

describe('isValidTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Etc/GMT+5'])(
    'accepts %s',
    (tz) => {
      expect(isValidTimeZone(tz)).toBe(true);
    }
  );

  it.each([
    '',
    'Mars/Base',
    'Europe/Berlín',
    '+02:00',
    '-05',
    '2',
    'Europe/Berlin; DROP',
    "O'Brien",
    // JavaScript still knows these; PostgreSQL rejects them (removed from the tz database).
    'US/Pacific-New',
    'Canada/East-Saskatchewan',
  ])('rejects %j', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('startOfDateMs', () => {
  it.each<[string, string, string]>([
    ['2025-08-10', 'UTC', '2025-08-10T00:00:00.000Z'],
    ['2025-08-10', 'Europe/Berlin', '2025-08-09T22:00:00.000Z'], // CEST, UTC+2
    ['2025-01-10', 'Europe/Berlin', '2025-01-09T23:00:00.000Z'], // CET, UTC+1
    ['2025-03-30', 'Europe/Berlin', '2025-03-29T23:00:00.000Z'], // DST starts later that day
    ['2025-08-10', 'America/New_York', '2025-08-10T04:00:00.000Z'],
    ['2025-08-10', 'Asia/Kolkata', '2025-08-09T18:30:00.000Z'],
  ])('%s in %s starts at %s', (date, tz, iso) => {
    expect(new Date(startOfDateMs(date, tz)).toISOString()).toBe(iso);
  });
});
