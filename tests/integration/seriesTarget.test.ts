/** @jest-environment node */
import { evaluateSeries } from '../../src/core/evaluation/series';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, pgRunner } from '../support/fixtures';

// Each series point carries the target in force at its reported instant, so a chart's target
// line follows a schedule. Schedule dates are the start of that day in the catalog zone (Berlin:
// 2025-03-10 is 2025-03-09T23:00Z), and an entry is in force strictly after its start.
const CATALOG = `
apiVersion: openkpi/v1
name: series-target
timezone: Europe/Berlin
sources:
  events: { table: events, time: t }
kpis:
  - id: events
    name: Events
    source: events
    window: 1d
    measure: { aggregate: count }
    targets:
      - { from: 2025-03-10, value: 10 }
      - { from: 2025-03-12, value: 20 }
`;

describe('series target line', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE TABLE events (t timestamptz)');
  });
  afterAll(() => db.drop());

  it.each<['trend' | 'buckets', string[], Array<number | null>]>([
    // trend: reported at bucket ends 03-09T23:00Z (exactly the first entry's start: not yet in force) …
    [
      'trend',
      ['2025-03-09T23:00:00.000Z', '2025-03-10T23:00:00.000Z', '2025-03-11T23:00:00.000Z', '2025-03-12T23:00:00.000Z'],
      [null, 10, 10, 20],
    ],
    // buckets: reported at bucket starts.
    [
      'buckets',
      ['2025-03-08T23:00:00.000Z', '2025-03-09T23:00:00.000Z', '2025-03-10T23:00:00.000Z', '2025-03-11T23:00:00.000Z'],
      [null, null, 10, 10],
    ],
  ])('%s mode: the target in force at each point', async (mode, times, targets) => {
    const result = await evaluateSeries(
      catalogOf(CATALOG),
      {
        kpiId: 'events',
        from: new Date('2025-03-09T00:00:00+01:00'),
        to: new Date('2025-03-13T00:00:00+01:00'),
        step: { kind: 'calendar', unit: 'day', text: 'day' },
        mode,
      },
      pgRunner(db)
    );
    expect(result.points.map((p) => p.time)).toEqual(times);
    expect(result.points.map((p) => p.target)).toEqual(targets);
  });
});
