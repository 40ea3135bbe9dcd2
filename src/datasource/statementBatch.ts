import type { Subscription } from 'rxjs';
import type { SqlRunner } from '../core/evaluation/runner';
import { rowsOf, SendStatements, StatementOutcome } from './grafanaRunner';

type Rows = Array<Record<string, unknown>>;

interface Waiting {
  resolve: (rows: Rows) => void;
  reject: (e: Error) => void;
}

/** Thrown to everyone still waiting when the refresh that asked is gone or superseded. */
export class CancelledError extends Error {
  constructor(message = 'cancelled: no panel waits for this refresh any more') {
    super(message);
  }
}

/**
 * A SqlRunner for one dashboard refresh: the statements asked for while the current task runs
 * (its synchronous code and microtasks) go out together in one call, identical statements once.
 * A statement asked for later (after an answer arrived) starts the next round. Nothing is kept
 * after the refresh: a new refresh gets a new batch.
 */
export class StatementBatch implements SqlRunner {
  private queued = new Map<string, Waiting[]>();
  private timer?: ReturnType<typeof setTimeout>;
  private readonly inFlight = new Map<Subscription, Map<string, Waiting[]>>();
  private readonly beforeSend: Array<() => void> = [];
  /** Set once the refresh is over: why (no one waits, or a newer refresh superseded it). */
  private cancelled?: string;
  /** Calls made so far (one per round). */
  calls = 0;

  constructor(
    private readonly send: SendStatements,
    private readonly requestId?: string
  ) {}

  /** Runs `hook` just before each round goes out, so a caller can still add its statements. */
  onBeforeSend(hook: () => void): void {
    this.beforeSend.push(hook);
  }

  /** Makes sure a round goes out at the end of the current task. */
  schedule(): void {
    if (this.timer === undefined && this.cancelled === undefined) {
      // A macrotask: every microtask of the current task (awaits in the core) runs first.
      this.timer = setTimeout(() => this.flush(), 0);
    }
  }

  query(sql: string): Promise<Rows> {
    if (this.cancelled !== undefined) {
      return Promise.reject(new CancelledError(this.cancelled));
    }
    return new Promise<Rows>((resolve, reject) => {
      const waiting = this.queued.get(sql);
      if (waiting) {
        waiting.push({ resolve, reject });
      } else {
        this.queued.set(sql, [{ resolve, reject }]);
      }
      this.schedule();
    });
  }

  /** Aborts the calls in flight and fails everything that waits, now and later. */
  cancel(reason = new CancelledError().message): void {
    this.cancelled ??= reason;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight.forEach((round, subscription) => {
      subscription.unsubscribe();
      this.failAll(round, new CancelledError(this.cancelled));
    });
    this.inFlight.clear();
    this.failAll(this.queued, new CancelledError(this.cancelled));
    this.queued = new Map();
  }

  private flush(): void {
    this.timer = undefined;
    this.beforeSend.forEach((hook) => hook());
    const round = this.queued;
    this.queued = new Map();
    if (round.size === 0 || this.cancelled !== undefined) {
      return;
    }
    const statements = [...round.keys()];
    this.calls++;
    let answered = false;
    let done = false;
    const finish = (e?: Error) => {
      done = true;
      if (subscription) {
        this.inFlight.delete(subscription);
      }
      if (e || !answered) {
        this.failAll(round, e ?? new Error('the query call ended without an answer'));
      }
    };
    let subscription: Subscription | undefined = undefined;
    // Later rounds get their own id: only a newer refresh, never this one's next round, cancels a call.
    const requestId = this.requestId && this.calls > 1 ? `${this.requestId}-${this.calls}` : this.requestId;
    subscription = this.send(statements, requestId).subscribe({
      next: (outcomes: StatementOutcome[]) => {
        answered = true;
        const cancelled = outcomes.find((o) => 'cancelled' in o && o.cancelled);
        if (cancelled && 'error' in cancelled) {
          // Superseded: this refresh is over, and no later round may start (it would cancel the newer one).
          this.cancel(cancelled.error);
          this.failAll(round, new CancelledError(cancelled.error));
          return;
        }
        statements.forEach((sql, i) => {
          const waiting = round.get(sql) ?? [];
          try {
            const rows = rowsOf(outcomes[i] ?? { error: 'no answer for this query' });
            waiting.forEach((w) => w.resolve(rows));
          } catch (e) {
            waiting.forEach((w) => w.reject(e as Error));
          }
        });
      },
      error: (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))),
      complete: () => finish(),
    });
    if (!done) {
      this.inFlight.set(subscription, round);
    }
  }

  private failAll(round: Map<string, Waiting[]>, e: Error): void {
    round.forEach((waiting) => waiting.forEach((w) => w.reject(e)));
  }
}
