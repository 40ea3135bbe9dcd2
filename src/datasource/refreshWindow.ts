import { Observable, Subscriber } from 'rxjs';

/** A flushed batch being answered: one promise per request, and how to stop when no one waits. */
export interface BatchRun<R> {
  answers: Array<Promise<R>>;
  cancel: () => void;
}

/**
 * How long the window stays open. Grafana runs each panel's queries separately (one
 * `datasource.query` per panel, each with a fresh `requestId` such as `SQR123`); on a refresh they
 * all start within the same task, on a first load as the panels mount and measure their width, a
 * few frames apart. The window closes `quietMs` after the last query arrived, and at most
 * `maxWaitMs` after the first. Timers, not animation frames: frames stop in a background tab,
 * where a dashboard keeps refreshing.
 */
export interface WindowOptions {
  quietMs: number;
  maxWaitMs: number;
}

export const DEFAULT_WINDOW: WindowOptions = { quietMs: 20, maxWaitMs: 250 };

interface Entry<Q, R> {
  request: Q;
  subscriber: Subscriber<R>;
  /** Answered, failed or unsubscribed: nobody waits on it any more. */
  settled: boolean;
  /** Set once the entry's batch runs: tells the batch this entry no longer waits. */
  leave?: () => void;
}

/**
 * Collects the queries that arrive close together (the panels of one refresh) and answers them
 * with one batch run. Each caller gets its own Observable: unsubscribing (Grafana does when a
 * panel re-runs or goes away) drops it from the batch, and a batch nobody waits for is cancelled.
 */
export class RefreshWindow<Q, R> {
  private open: Array<Entry<Q, R>> = [];
  private quietTimer?: ReturnType<typeof setTimeout>;
  private maxTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly run: (requests: Q[]) => BatchRun<R>,
    private readonly options: WindowOptions = DEFAULT_WINDOW
  ) {}

  observe(request: Q): Observable<R> {
    return new Observable<R>((subscriber) => {
      const entry: Entry<Q, R> = { request, subscriber, settled: false };
      this.open.push(entry);
      this.arm();
      return () => this.settle(entry);
    });
  }

  private arm(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(), this.options.quietMs);
    if (this.maxTimer === undefined) {
      this.maxTimer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  private settle(entry: Entry<Q, R>): void {
    if (!entry.settled) {
      entry.settled = true;
      entry.leave?.();
    }
  }

  private flush(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = this.maxTimer = undefined;
    const entries = this.open.filter((e) => !e.settled);
    this.open = [];
    if (entries.length === 0) {
      return;
    }
    const run = this.run(entries.map((e) => e.request));
    let waiting = entries.length;
    entries.forEach((entry, i) => {
      entry.leave = () => {
        waiting--;
        if (waiting === 0) {
          run.cancel();
        }
      };
      run.answers[i].then(
        (answer) => {
          if (!entry.settled) {
            entry.subscriber.next(answer);
            entry.subscriber.complete();
          }
        },
        (e: unknown) => {
          if (!entry.settled) {
            entry.subscriber.error(e);
          }
        }
      );
    });
  }
}
