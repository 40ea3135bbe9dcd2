import { lastValueFrom } from 'rxjs';
import { BatchRun, RefreshWindow } from './refreshWindow';

/** A batch runner that records what it was given and answers each request with its upper case. */
function recorder() {
  const runs: string[][] = [];
  const cancelled: number[] = [];
  const gates: Array<() => void> = [];
  const run = (requests: string[]): BatchRun<string> => {
    const index = runs.push(requests) - 1;
    const open = new Promise<void>((resolve) => gates.push(resolve));
    return {
      answers: requests.map((r) => open.then(() => r.toUpperCase())),
      cancel: () => cancelled.push(index),
    };
  };
  return { runs, cancelled, run, releaseAll: () => gates.forEach((g) => g()) };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('RefreshWindow', () => {
  it('answers the queries that arrive close together with one run, each with its own answer', async () => {
    const r = recorder();
    const window = new RefreshWindow(r.run, { quietMs: 20, maxWaitMs: 250 });
    const a = lastValueFrom(window.observe('a'));
    jest.advanceTimersByTime(15);
    const b = lastValueFrom(window.observe('b'));
    jest.advanceTimersByTime(15);
    const c = lastValueFrom(window.observe('c'));
    expect(r.runs).toEqual([]);
    jest.advanceTimersByTime(20);
    expect(r.runs).toEqual([['a', 'b', 'c']]);
    r.releaseAll();
    await expect(Promise.all([a, b, c])).resolves.toEqual(['A', 'B', 'C']);
  });

  it('closes the window at maxWaitMs even while queries keep arriving', () => {
    const r = recorder();
    const window = new RefreshWindow(r.run, { quietMs: 20, maxWaitMs: 50 });
    for (let i = 0; i < 6; i++) {
      window.observe(`q${i}`).subscribe();
      jest.advanceTimersByTime(10);
    }
    expect(r.runs).toEqual([['q0', 'q1', 'q2', 'q3', 'q4']]);
    jest.advanceTimersByTime(20);
    expect(r.runs[1]).toEqual(['q5']);
  });

  it('leaves out a query unsubscribed before the window closes', () => {
    const r = recorder();
    const window = new RefreshWindow(r.run, { quietMs: 20, maxWaitMs: 250 });
    window.observe('kept').subscribe();
    window.observe('gone').subscribe().unsubscribe();
    jest.advanceTimersByTime(20);
    expect(r.runs).toEqual([['kept']]);
  });

  it('cancels a run once nobody waits for it, not before', () => {
    const r = recorder();
    const window = new RefreshWindow(r.run, { quietMs: 20, maxWaitMs: 250 });
    const first = window.observe('a').subscribe();
    const second = window.observe('b').subscribe();
    jest.advanceTimersByTime(20);
    first.unsubscribe();
    expect(r.cancelled).toEqual([]);
    second.unsubscribe();
    expect(r.cancelled).toEqual([0]);
  });
});
