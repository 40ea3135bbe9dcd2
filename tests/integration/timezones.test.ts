/** @jest-environment node */
import { PG_TIME_ZONES } from '../../src/core/catalog/pgTimeZones';
import { isValidTimeZone } from '../../src/core/catalog/timezone';
import { createTestDatabase, TestDatabase } from '../support/db';

// Validation accepts exactly the zones the server can compute windows in.
describe('time zones the catalog may name', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('are the names in pg_timezone_names (regenerate with scripts/pg-timezones.mjs when this fails)', async () => {
    const rows = await db.query<{ name: string }>('SELECT name FROM pg_timezone_names ORDER BY name COLLATE "C"');
    expect([...PG_TIME_ZONES]).toEqual(rows.map((r) => r.name));
  });

  it.each(['US/Pacific-New', 'Canada/East-Saskatchewan'])('%s fails validation and fails in PostgreSQL', async (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
    await expect(db.query(`SELECT now() AT TIME ZONE '${tz}'`)).rejects.toThrow(/time zone .* not recognized/);
  });

  it('every zone validation accepts works in AT TIME ZONE', async () => {
    const accepted = PG_TIME_ZONES.filter(isValidTimeZone);
    // Nearly all: only names the platform's Intl lacks are dropped.
    expect(accepted.length).toBeGreaterThan(PG_TIME_ZONES.length * 0.95);
    const values = accepted.map((tz) => `('${tz}')`).join(', ');
    const rows = await db.query<{ n: string }>(
      `SELECT count(now() AT TIME ZONE tz) AS n FROM (VALUES ${values}) v(tz)`
    );
    expect(Number(rows[0].n)).toBe(accepted.length);
  });
});
