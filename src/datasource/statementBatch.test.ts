import { Observable, of } from 'rxjs';
import type { SendStatements, StatementOutcome } from './grafanaRunner';
import { StatementBatch } from './statementBatch';

/** A sender that records each call and answers every statement with one row naming it. */
function sender(answer: (sql: string) => StatementOutcome = (sql) => ({ rows: [{ sql }] })) {
  const calls: Array<{ statements: string[]; requestId?: string }> = [];
  const send: SendStatements = (statements, requestId) => {
    calls.push({ statements, requestId });
    return of(statements.map(answer));
  };
  return { calls, send };
}

describe('StatementBatch', () => {
  it('sends the statements of one task in one call, identical ones once', async () => {
    const s = sender();
    const batch = new StatementBatch(s.send, 'openkpi-x');
    const results = await Promise.all([batch.query('A'), batch.query('B'), batch.query('A')]);
    expect(s.calls).toEqual([{ statements: ['A', 'B'], requestId: 'openkpi-x' }]);
    expect(results).toEqual([[{ sql: 'A' }], [{ sql: 'B' }], [{ sql: 'A' }]]);
  });

  it('starts a new round, with its own requestId, for a statement asked after an answer', async () => {
    const s = sender();
    const batch = new StatementBatch(s.send, 'openkpi-x');
    await batch.query('A');
    await batch.query('B');
    expect(s.calls.map((c) => c.requestId)).toEqual(['openkpi-x', 'openkpi-x-2']);
  });

  it('rejects a failed statement with its message and answers the others', async () => {
    const s = sender((sql) => (sql === 'bad' ? { error: 'column "x" does not exist' } : { rows: [] }));
    const batch = new StatementBatch(s.send);
    const [bad, good] = await Promise.allSettled([batch.query('bad'), batch.query('good')]);
    expect(bad).toEqual({ status: 'rejected', reason: new Error('column "x" does not exist') });
    expect(good).toEqual({ status: 'fulfilled', value: [] });
  });

  it('after a superseded call, fails everything without sending again', async () => {
    const s = sender(() => ({ error: 'cancelled: superseded', cancelled: true }));
    const batch = new StatementBatch(s.send, 'openkpi-x');
    await expect(batch.query('A')).rejects.toThrow('cancelled: superseded');
    await expect(batch.query('B')).rejects.toThrow('cancelled: superseded');
    expect(s.calls).toHaveLength(1);
  });

  it('cancel() unsubscribes the call in flight and fails its statements', async () => {
    let unsubscribed = false;
    const batch = new StatementBatch(
      () =>
        new Observable<StatementOutcome[]>(() => () => {
          unsubscribed = true;
        })
    );
    const pending = batch.query('A');
    await new Promise((resolve) => setTimeout(resolve, 0));
    batch.cancel();
    expect(unsubscribed).toBe(true);
    await expect(pending).rejects.toThrow(/^cancelled/);
  });
});
