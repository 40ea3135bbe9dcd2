import { parseCatalogInstant } from './instant';
import { CatalogInstant } from '../catalog/model';

describe('parseCatalogInstant', () => {
  it.each<[string, CatalogInstant]>([
    ['2025-08-10', { kind: 'date', date: '2025-08-10' }],
    ['2024-02-29', { kind: 'date', date: '2024-02-29' }],
    ['2025-08-10T10:00:00Z', { kind: 'timestamp', iso: '2025-08-10T10:00:00.000Z' }],
    ['2025-08-10T10:00Z', { kind: 'timestamp', iso: '2025-08-10T10:00:00.000Z' }],
    ['2025-08-10 10:00:00z', { kind: 'timestamp', iso: '2025-08-10T10:00:00.000Z' }],
    ['2025-08-10T10:00:00.250+02:00', { kind: 'timestamp', iso: '2025-08-10T08:00:00.250Z' }],
    ['2025-08-10T01:00:00+0530', { kind: 'timestamp', iso: '2025-08-09T19:30:00.000Z' }],
    ['2025-08-10T22:00:00-03', { kind: 'timestamp', iso: '2025-08-11T01:00:00.000Z' }],
  ])('%s', (text, expected) => {
    expect(parseCatalogInstant(text)).toEqual(expected);
  });

  it.each([
    '2025-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-8-10',
    '10.08.2025',
    '2025-08-10T10:00:00',
    '2025-08-10T24:00:00Z',
    '2025-08-10T10:60:00Z',
    '2025-08-10T10:00:00+25:00',
    '2025-08-10T10:00:00 UTC',
    'next week',
    '',
    "2025-08-10'",
  ])('rejects %j', (text) => {
    expect(parseCatalogInstant(text)).toBeUndefined();
  });
});
