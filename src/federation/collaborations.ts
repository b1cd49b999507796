/**
 * One collaboration, however many federated accounts see it: the lists that
 * each account returns are merged by id, remembering every account that can
 * read it, newest first.
 */
export interface SeenCollaboration<S> {
  id: string;
  /** The summary as the first reader returned it. */
  summary: S;
  /** The federated accounts that may read it, in configuration order. */
  readers: string[];
}

export function mergeCollaborations<S extends { id?: string; createTime?: Date }>(
  perAccount: readonly { accountId: string; summaries: readonly S[] }[],
): SeenCollaboration<S>[] {
  const byId = new Map<string, SeenCollaboration<S>>();
  for (const { accountId, summaries } of perAccount) {
    for (const s of summaries) {
      const id = s.id!;
      const seen = byId.get(id);
      if (seen) {
        if (!seen.readers.includes(accountId)) seen.readers.push(accountId);
      } else {
        byId.set(id, { id, summary: s, readers: [accountId] });
      }
    }
  }
  return [...byId.values()].sort(
    (a, b) => (b.summary.createTime?.getTime() ?? 0) - (a.summary.createTime?.getTime() ?? 0) || a.id.localeCompare(b.id),
  );
}
