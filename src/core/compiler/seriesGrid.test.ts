import { parseWindow } from '../catalog/duration';
import type { WindowSpec } from '../catalog/model';
import { seriesStart } from './seriesGrid';

describe('seriesStart (endAligned)', () => {
  const HOUR = 3_600_000;
  const to = new Date('2025-03-31T00:00:00Z');
  const day = parseWindow('1d') as WindowSpec;

  it('lays a rolling grid back from the range end, so the last bucket ends at `to`', () => {
    const from = new Date(to.getTime() - 3.5 * 24 * HOUR);
    const start = seriesStart(from, to, day, 'trend', true);
    expect(start.toISOString()).toBe('2025-03-27T00:00:00.000Z');
    // Four whole steps: the grid covers `from` and its last bucket ends exactly at `to`.
    expect((to.getTime() - start.getTime()) / (24 * HOUR)).toBe(4);
  });

  it('keeps an aligned range and gives a zero-length range one step', () => {
    const from = new Date(to.getTime() - 3 * 24 * HOUR);
    expect(seriesStart(from, to, day, 'trend', true)).toEqual(from);
    expect(seriesStart(to, to, day, 'trend', true)).toEqual(new Date(to.getTime() - 24 * HOUR));
  });

  it('leaves calendar steps and buckets mode at `from` (the documented alignment)', () => {
    const from = new Date(to.getTime() - 3.5 * 24 * HOUR);
    expect(seriesStart(from, to, parseWindow('week') as WindowSpec, 'trend', true)).toEqual(from);
    expect(seriesStart(from, to, day, 'buckets', true)).toEqual(from);
  });
  it('lays every grid from `from` unless end-aligned (openkpi series)', () => {
    const from = new Date(to.getTime() - 3.5 * 24 * HOUR);
    expect(seriesStart(from, to, day, 'trend', false)).toEqual(from);
  });
});
