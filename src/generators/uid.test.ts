import { fnv1a, MAX_UID_LENGTH, stableUid, uids } from './uid';

describe('fnv1a', () => {
  // Published FNV-1a 32-bit test vectors (http://www.isthe.com/chongo/tech/comp/fnv/).
  it.each([
    ['', '811c9dc5'],
    ['a', 'e40c292c'],
    ['foobar', 'bf9cf968'],
  ])('hashes %j to %s', (text, expected) => {
    expect(fnv1a(text)).toBe(expected);
  });
});

describe('stableUid', () => {
  it('is stable, distinct per part list and within the Grafana limit', () => {
    expect(stableUid('okpi-rule', 'a', 'b')).toBe(stableUid('okpi-rule', 'a', 'b'));
    expect(stableUid('okpi-rule', 'a', 'b')).not.toBe(stableUid('okpi-rule', 'ab', ''));
    expect(stableUid('okpi-rule', "O'Brien", 'we"ird')).toMatch(/^okpi-rule-[0-9a-f]{16}$/);
    const all = [uids.rule('c', 'k', 'critical'), uids.overview('c'), uids.area('c', 'x'), uids.kpiDatasource('c')];
    all.forEach((u) => expect(u.length).toBeLessThanOrEqual(MAX_UID_LENGTH));
  });

  it('refuses a prefix that would break the limit', () => {
    expect(() => stableUid('x'.repeat(30), 'a')).toThrow('uid prefix too long');
  });
});
