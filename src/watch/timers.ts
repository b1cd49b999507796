/**
 * The watch's timers, counted: every timeout the registry sets goes through
 * here, so `size` says exactly how many are pending (tests assert it is 0
 * once every subscriber has left). Unref'd: a watch never keeps a process
 * alive on its own.
 */
export class Timers {
  private readonly live = new Set<NodeJS.Timeout>();

  set(fn: () => void, ms: number): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.live.delete(t);
      fn();
    }, ms);
    t.unref();
    this.live.add(t);
    return t;
  }

  clear(t: NodeJS.Timeout | undefined): undefined {
    if (t) {
      clearTimeout(t);
      this.live.delete(t);
    }
    return undefined;
  }

  clearAll(): void {
    for (const t of this.live) clearTimeout(t);
    this.live.clear();
  }

  get size(): number {
    return this.live.size;
  }
}
