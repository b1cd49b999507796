/**
 * The collaborations one account sees in one region (its ListCollaborations,
 * every page), watched by one poller however many subscribers follow "every
 * collaboration of my accounts" or "every membership of my accounts in a
 * collaboration": the set those subscriptions follow, and how they learn of
 * a collaboration (or a membership) that appears after they subscribed.
 *
 * Subscribers first get every collaboration listed, then one event per
 * change: a new collaboration, a membership created in one (INVITED →
 * ACTIVE), and a collaboration that left the list (the account left or was
 * removed, the collaboration was deleted), marked `gone` and then forgotten,
 * so that one listed again is news again. It never completes.
 */
import type { AwsCollaborationSummary, CleanRoomsApi } from "../aws/cleanrooms-api";
import { at } from "./resources";
import type { ReadTally, WatchItem, WatchKind, WatchSpec } from "./watcher";
import { decodeDates, encodeJson, timeOf } from "./codec";

/** A collaboration as one account's list shows it; `gone` once it is no longer listed. */
export interface AccountCollaborationState {
  summary: AwsCollaborationSummary;
  gone?: true;
}

/** An account in a region: whose list it is. */
export interface AccountPlace {
  accountId: string;
  /** Undefined: the account's home region. */
  region?: string;
}

export const accountCollaborationsKey = (place: AccountPlace) => `collaborations:${place.accountId}${place.region === undefined ? "" : `/${place.region}`}`;

/** Listed (invited), then with the account's membership, then gone. */
const progress = (s: AccountCollaborationState): number => (s.gone ? 2 : s.summary.membershipId ? 1 : 0);


const accountCollaborationsKind: WatchKind<AccountCollaborationState> = {
  single: false,
  idOf: (s) => s.summary.id!,
  progress,
  terminal: (s) => s.gone === true,
  order: (a, b) => timeOf(a.summary.createTime) - timeOf(b.summary.createTime) || a.summary.id!.localeCompare(b.summary.id!),
  // A gone collaboration has been told; forgetting it at once lets a collaboration listed again count as new.
  forget: (items) => [...items].filter((i) => i.state.gone).map((i) => i.id),
  encode: encodeJson,
  decode: decodeDates,
};

export function accountCollaborationsSpec(api: CleanRoomsApi, place: AccountPlace): WatchSpec<AccountCollaborationState, AccountPlace> {
  return {
    ...accountCollaborationsKind,
    key: accountCollaborationsKey(place),
    route: place,
    read: async (known: ReadonlyMap<string, WatchItem<AccountCollaborationState>>, tally: ReadTally) => {
      const listed: AwsCollaborationSummary[] = [];
      let nextToken: string | undefined;
      tally.calls = 0;
      do {
        tally.calls++;
        const out = await api.listCollaborations(at(place), { maxResults: 100, nextToken });
        listed.push(...(out.collaborationList ?? []));
        nextToken = out.nextToken;
      } while (nextToken);
      const ids = new Set(listed.map((c) => c.id!));
      const gone = [...known.values()].filter((i) => !ids.has(i.id)).map((i) => ({ summary: i.state.summary, gone: true as const }));
      return [...listed.map((summary) => ({ summary })), ...gone];
    },
  };
}
