/**
 * One subscriber's streams over a set that changes while it listens: every
 * collaboration a principal's accounts see, every membership they hold in a
 * collaboration. `sources` (each account's collaboration list in one region,
 * a watch shared by every subscriber) say which members exist; a member that
 * any source lists is followed (its stream opened: its current events
 * first, then its changes), one that no source lists any more is let go.
 * The members listed at the start are opened before `followSet` returns, and
 * their failure is the caller's; one that appears later is opened when a
 * source tells of it, and its failure ends the merged stream with that
 * error. Set changes are handled one at a time, in the order they arrive.
 * `seed` names members known from a fresher read than the sources' last
 * poll (a source's watch may have polled a while ago): they are followed
 * at once, until a source tells of them.
 */
import { StreamMerge } from "./merge";
import type { EventStream } from "./stream";

/** What a source's event says of one member of the set; undefined: nothing (an event about something else). */
export interface SetMember<M> {
  key: string;
  /** Listed by this source now, or no longer. */
  present: boolean;
  /** How to open it, as this source would (the first source listing it, in `sources` order, opens it). */
  value: M;
}

export async function followSet<E, M, T>(
  sources: readonly EventStream<E>[],
  memberOf: (event: E) => SetMember<M> | undefined,
  open: (value: M) => Promise<AsyncIterator<T>>,
  seed: readonly SetMember<M>[] = [],
): Promise<StreamMerge<T>> {
  const merge = new StreamMerge<T>(() => {
    for (const s of sources) void s.return();
  });
  /** Each member listed now, with the sources listing it (by index; the seed last) and how each would open it. */
  const listed = new Map<string, Map<number, M>>();
  const SEED = sources.length;

  const note = (source: number, m: SetMember<M> | undefined): string | undefined => {
    if (!m) return undefined;
    const by = listed.get(m.key) ?? new Map<number, M>();
    // A source that tells of the member knows better than the seed.
    if (source !== SEED) by.delete(SEED);
    if (m.present) by.set(source, m.value);
    else by.delete(source);
    if (by.size > 0) listed.set(m.key, by);
    else listed.delete(m.key);
    return m.key;
  };

  /** Opens the member unless it is followed already, or has left (or the merge closed) while it was opening. */
  const follow = async (key: string): Promise<void> => {
    const by = listed.get(key);
    if (!by || merge.has(key) || merge.closed) return;
    const stream = await open(by.get(Math.min(...by.keys()))!);
    if (listed.has(key)) merge.add(key, stream);
    else void stream.return?.();
  };

  const change = async (source: number, event: E): Promise<void> => {
    const key = note(source, memberOf(event));
    if (key === undefined || merge.closed) return;
    if (!listed.has(key)) merge.remove(key);
    else if (!merge.has(key)) await follow(key).catch((e: unknown) => merge.fail(e));
  };

  // The sources' first events (every member listed now) are queued already.
  for (const m of seed) note(SEED, m);
  sources.forEach((s, i) => {
    for (const e of s.drain()) note(i, memberOf(e));
  });
  try {
    await Promise.all([...listed.keys()].map(follow));
  } catch (e) {
    await merge.return();
    throw e;
  }

  let changes = Promise.resolve();
  let live = sources.length;
  if (live === 0) merge.seal();
  sources.forEach((s, i) => {
    void (async () => {
      for (;;) {
        const r = await s.next().catch(() => ({ done: true, value: undefined }) as const);
        if (r.done || merge.closed) break;
        // A change that throws ends the merged stream with its error, and the chain goes on (never left rejected).
        changes = changes.then(() => change(i, r.value)).catch((e: unknown) => merge.fail(e));
      }
      // Every source ended (the watch closed): nothing new can join.
      if (--live === 0) void changes.then(() => merge.seal());
    })();
  });
  return merge;
}
