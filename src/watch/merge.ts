/**
 * Several subscriber streams as one (a collaboration's memberships, a
 * principal's collaborations), streams joining and leaving while it runs:
 * events in the order they arrive; complete once it is sealed (no stream
 * will join) and every stream has ended; failed when one fails. Returning it
 * returns every stream, so each watch forgets this subscriber at once.
 */
export class StreamMerge<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private readonly streams = new Map<string, AsyncIterator<T>>();
  private failure?: { error: unknown };
  private done = false;
  private sealed = false;
  private waiting?: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };

  /** `onClose` runs once, when the merge is returned or fails. */
  constructor(private readonly onClose: () => void = () => {}) {}

  /** Its events join the merge's (a stream under a key already merged replaces nothing: it is returned). */
  add(key: string, stream: AsyncIterator<T>): void {
    if (this.done || this.streams.has(key)) return void stream.return?.();
    this.streams.set(key, stream);
    void this.pump(key, stream);
  }

  /** The stream leaves: returned, its later events dropped (those already queued are still delivered). */
  remove(key: string): void {
    const s = this.streams.get(key);
    if (!s) return;
    this.streams.delete(key);
    void s.return?.();
    this.settle();
  }

  has(key: string): boolean {
    return this.streams.has(key);
  }

  /** Whether it is over for the consumer (returned or failed): nothing joins it any more. */
  get closed(): boolean {
    return this.done || this.failure !== undefined;
  }

  /** No stream will join: it completes once the ones merged have ended. */
  seal(): void {
    this.sealed = true;
    this.settle();
  }

  /** Ends with `error` after the events queued; every stream is returned. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.closeAll();
    this.settle();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) return Promise.reject(this.takeFailure());
    if (this.over) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = undefined;
    this.closeAll();
    this.settle();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private get over(): boolean {
    return this.done || (this.sealed && this.streams.size === 0);
  }

  /** Each stream is pulled continuously; its events wait in the queue for the consumer. */
  private async pump(key: string, s: AsyncIterator<T>): Promise<void> {
    const mine = () => this.streams.get(key) === s && !this.done;
    try {
      for (;;) {
        const r = await s.next();
        if (!mine() || r.done) break;
        this.queue.push(r.value);
        this.settle();
      }
    } catch (e) {
      if (mine()) this.fail(e);
    }
    if (this.streams.get(key) === s) this.streams.delete(key);
    this.settle();
  }

  private takeFailure(): unknown {
    const { error } = this.failure!;
    this.failure = undefined;
    this.done = true; // the error is told once; after it the merge is over
    return error;
  }

  private closeAll(): void {
    if (this.done) return;
    this.done = true;
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const s of streams) void s.return?.();
    this.onClose();
  }

  private settle(): void {
    const w = this.waiting;
    if (!w) return;
    if (this.queue.length > 0) {
      this.waiting = undefined;
      w.resolve({ value: this.queue.shift()!, done: false });
    } else if (this.failure) {
      this.waiting = undefined;
      w.reject(this.takeFailure());
    } else if (this.over) {
      this.waiting = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }
}
