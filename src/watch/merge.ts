/**
 * Several subscriber streams as one (a collaboration's memberships, a
 * principal's collaborations): events in the order they arrive, complete
 * when every stream has, failed when one fails. Returning it returns every
 * stream, so each watch forgets this subscriber at once.
 */
export function mergeStreams<T>(streams: readonly AsyncIterator<T>[]): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let failure: { error: unknown } | undefined;
  let open = streams.length;
  let done = false;
  let waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;

  const settle = () => {
    const w = waiting;
    if (!w) return;
    if (queue.length > 0) {
      waiting = undefined;
      w.resolve({ value: queue.shift()!, done: false });
    } else if (failure) {
      // The error is told once; after it the merged stream is over.
      waiting = undefined;
      const { error } = failure;
      failure = undefined;
      done = true;
      w.reject(error);
    } else if (done || open === 0) {
      waiting = undefined;
      w.resolve({ value: undefined, done: true });
    }
  };

  const closeAll = () => {
    done = true;
    for (const s of streams) void s.return?.();
  };

  // Each stream is pulled continuously; its events wait in the queue for the consumer.
  for (const s of streams) {
    void (async () => {
      try {
        for (;;) {
          const r = await s.next();
          if (done) return;
          if (r.done) break;
          queue.push(r.value);
          settle();
        }
      } catch (e) {
        if (!done) {
          failure ??= { error: e };
          closeAll();
        }
      }
      open--;
      settle();
    })();
  }

  const merged: AsyncIterableIterator<T> = {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (failure) {
        const { error } = failure;
        failure = undefined;
        done = true;
        return Promise.reject(error);
      }
      if (done || open === 0) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    return() {
      queue.length = 0;
      closeAll();
      settle();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      void merged.return!();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return merged;
    },
  };
  return merged;
}
