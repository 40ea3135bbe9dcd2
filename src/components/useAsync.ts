import { useEffect, useState } from 'react';
import { messageOf } from '../core/evaluation/runner';

/** Where an asynchronous computation stands for the latest key. */
export type AsyncState<T> = { loading: true } | { loading: false; value: T } | { loading: false; error: string };

/**
 * Runs `run()` whenever `key` changes (after `delayMs`, so typing does not start one per key
 * stroke) and keeps only the answer for the latest key.
 */
export function useAsync<T>(key: string, run: () => Promise<T>, delayMs = 0): AsyncState<T> {
  const [done, setDone] = useState<{ key: string; state: AsyncState<T> }>();
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      run().then(
        (value) => !cancelled && setDone({ key, state: { loading: false, value } }),
        (e: unknown) => !cancelled && setDone({ key, state: { loading: false, error: messageOf(e) } })
      );
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // `key` stands for everything `run` reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return done?.key === key ? done.state : { loading: true };
}
