import { keyResultFigures, KeyResultInputs, objectiveStatus } from './progress';

const BASE: KeyResultInputs = {
  value: 0,
  baseline: 0,
  target: 100,
  direction: 'higher',
  atMs: 50,
  fromMs: 0,
  byMs: 100,
};

describe('keyResultFigures at the edges', () => {
  it.each<[string, Partial<KeyResultInputs>, string, number | null, number]>([
    ['progress equal to expected is on track', { value: 50 }, 'on_track', 50, 50],
    ['just behind is at risk', { value: 49.9 }, 'at_risk', 49.9, 50],
    ['a value equal to the target is achieved (higher)', { value: 100 }, 'achieved', 100, 50],
    [
      'a value equal to the target is achieved (lower)',
      { value: 2, baseline: 10, target: 2, direction: 'lower' },
      'achieved',
      100,
      50,
    ],
    ['lower is better, not yet there', { value: 6, baseline: 10, target: 2, direction: 'lower' }, 'on_track', 50, 50],
    ['due exactly now and not met is missed', { value: 99, atMs: 100 }, 'missed', 99, 100],
    ['met after due is still achieved', { value: 100, atMs: 200 }, 'achieved', 100, 100],
    ['no baseline: progress unknown, at risk', { value: 60, baseline: null }, 'at_risk', null, 50],
    ['no value: no_data even when due', { value: null, atMs: 200 }, 'no_data', null, 100],
  ])('%s', (_name, inputs, status, progress, expectedProgress) => {
    expect(keyResultFigures({ ...BASE, ...inputs })).toEqual({ status, progress, expectedProgress });
  });
});

describe('objectiveStatus', () => {
  it.each<[string[], string]>([
    [['achieved', 'on_track', 'no_data', 'at_risk', 'missed'], 'missed'],
    [['on_track', 'no_data', 'at_risk', 'achieved'], 'at_risk'],
    [['achieved', 'no_data', 'on_track'], 'no_data'],
    [['achieved', 'on_track'], 'on_track'],
    [['achieved', 'achieved'], 'achieved'],
  ])('%p → %s', (statuses, status) => {
    expect(objectiveStatus(statuses as never)).toBe(status);
  });
});
