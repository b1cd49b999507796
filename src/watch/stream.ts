/**
 * One subscriber's events as an async iterator: the registry pushes, the
 * GraphQL executor pulls. `return()` (the client completed, or its socket
 * closed) detaches the subscriber at once, even while a pull is waiting;
 * `end()` lets the queued events (a terminal status) be pulled, then
 * completes; `fail()` ends with an error after the queued events.
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting?: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };
  private ending = false;
  private failure?: { error: unknown };
  private detached = false;

  /** `detach` runs once, when the stream is returned, ended or failed: the registry forgets the subscriber. */
  constructor(private readonly detach: () => void) {}

  push(value: T): void {
    if (this.ending || this.detached) return;
    const w = this.waiting;
    if (w) {
      this.waiting = undefined;
      w.resolve({ value, done: false });
    } else this.queue.push(value);
  }

  /** No more events: what is queued is still delivered, then the stream completes. */
  end(): void {
    if (this.ending) return;
    this.ending = true;
    this.settleWaiting();
    this.release();
  }

  /** Ends with `error` once the queued events have been pulled. */
  fail(error: unknown): void {
    if (this.ending) return;
    this.failure = { error };
    this.end();
  }

  /** The events queued now, taken without waiting (a watch's first events are queued when subscribe returns). */
  drain(): T[] {
    return this.queue.splice(0);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.ending || this.detached) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = undefined;
    this.ending = true;
    this.settleWaiting();
    this.release();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Whether the registry still delivers to it. */
  get open(): boolean {
    return !this.detached;
  }

  private settleWaiting(): void {
    const w = this.waiting;
    if (!w || this.queue.length > 0) return;
    this.waiting = undefined;
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      w.reject(error);
    } else w.resolve({ value: undefined, done: true });
  }

  private release(): void {
    if (this.detached) return;
    this.detached = true;
    this.detach();
  }
}
