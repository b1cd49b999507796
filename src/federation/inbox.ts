/**
 * The approvals inbox: which change requests wait for a vote of the
 * caller's, and what each would change. Pure: decided from the requests and
 * member lists already read, with no AWS call.
 *
 * A request is in the inbox when it is PENDING and at least one account the
 * caller may vote as (its `vote` grants) still has a PENDING vote on it;
 * its voters are exactly those accounts, so an account whose vote another
 * principal holds never shows. Newest first, as an inbox reads (ties by
 * collaboration, then request id).
 */
import type { CostType } from "./payers";

interface Responsible {
  isResponsible?: boolean;
}

/** The part of a payment configuration the inbox compares. */
export interface PaymentFacts {
  queryCompute?: Responsible;
  jobCompute?: Responsible;
  machineLearning?: { modelTraining?: Responsible; modelInference?: Responsible; syntheticDataGeneration?: Responsible };
}

export interface InboxRequestFacts {
  id?: string;
  collaborationId?: string;
  status?: string;
  createTime?: Date;
  approvals?: Record<string, { status?: string }>;
}

export interface InboxItem<R> {
  request: R;
  /** The caller's accounts that may vote on it and have not yet, in the order given. */
  voterAccountIds: string[];
}

/** The requests awaiting a vote of one of `voters` (the accounts the caller may vote as), newest first. */
export function awaitingVotes<R extends InboxRequestFacts>(requests: readonly R[], voters: readonly string[]): InboxItem<R>[] {
  const seen = new Set<string>();
  const items: InboxItem<R>[] = [];
  for (const request of requests) {
    // The same request may come from two readers' lists: once is enough.
    const key = `${request.collaborationId}/${request.id}`;
    if (request.status !== "PENDING" || seen.has(key)) continue;
    seen.add(key);
    const voterAccountIds = voters.filter((a) => (request.approvals?.[a]?.status ?? undefined) === "PENDING");
    if (voterAccountIds.length > 0) items.push({ request, voterAccountIds });
  }
  const time = (r: InboxRequestFacts) => r.createTime?.getTime() ?? 0;
  // Ties by collaboration, then id: the inbox's cursor key (graph/common/keyset.ts), so that pages cut where the list does.
  const tie = (r: InboxRequestFacts) => `${r.collaborationId}\u0000${r.id}`;
  return items.sort((a, b) => time(b.request) - time(a.request) || (tie(a.request) < tie(b.request) ? -1 : tie(a.request) > tie(b.request) ? 1 : 0));
}

/**
 * The collaborations worth reading change requests of, each with the voting account to read them through (the
 * first, in the order given, that is ACTIVE there). Only ACTIVE members vote (AWS asks the creator and every other
 * ACTIVE member; an INVITED account has no membership yet, and the emulator's rules/change-requests.ts follow that),
 * so a collaboration where every voter is only INVITED can hold no vote of the caller's, and its list would be a
 * wasted call. Reading through an ACTIVE voter bounds each account's share of the lists by its own memberships.
 */
export function votingCollaborations(perVoter: readonly { accountId: string; summaries: readonly { id?: string; memberStatus?: string }[] }[]): Map<string, string> {
  const through = new Map<string, string>();
  for (const { accountId, summaries } of perVoter) {
    for (const s of summaries) if (s.memberStatus === "ACTIVE" && !through.has(s.id!)) through.set(s.id!, accountId);
  }
  return through;
}

/** Whole seconds from `createTime` to `now`; never negative (clocks of two machines may disagree a little). */
export const ageSeconds = (createTime: Date, now: number): number => Math.max(0, Math.floor((now - createTime.getTime()) / 1000));

const COST_TYPES: readonly [CostType, (p: PaymentFacts) => Responsible | undefined][] = [
  ["QUERY_COMPUTE", (p) => p.queryCompute],
  ["JOB_COMPUTE", (p) => p.jobCompute],
  ["MODEL_TRAINING", (p) => p.machineLearning?.modelTraining],
  ["MODEL_INFERENCE", (p) => p.machineLearning?.modelInference],
  ["SYNTHETIC_DATA_GENERATION", (p) => p.machineLearning?.syntheticDataGeneration],
];

export interface MemberChangeFacts {
  accountId: string;
  memberAbilities: readonly string[];
  paymentConfiguration?: PaymentFacts;
}

export interface CurrentMemberFacts {
  abilities?: readonly string[];
  paymentConfiguration?: PaymentFacts;
}

/** What one member change does to the member as it stands today. */
export interface MemberDelta {
  accountId: string;
  /** The account is not a member yet: the change adds it. */
  addsMember: boolean;
  payerCandidaciesAdded: CostType[];
  payerCandidaciesRemoved: CostType[];
  abilitiesAdded: string[];
  abilitiesRemoved: string[];
}

/**
 * The difference a member change makes: abilities are the whole new set
 * (AWS memberAbilities), payer candidacies only the cost types the change
 * sets (a cost type it leaves out stays as it is).
 */
export function memberDelta(change: MemberChangeFacts, current: CurrentMemberFacts | undefined): MemberDelta {
  const before = new Set(current?.abilities ?? []);
  const after = new Set(change.memberAbilities);
  const added: CostType[] = [];
  const removed: CostType[] = [];
  for (const [cost, of] of COST_TYPES) {
    const wanted = change.paymentConfiguration ? of(change.paymentConfiguration)?.isResponsible : undefined;
    if (wanted === undefined) continue;
    const now = current?.paymentConfiguration ? of(current.paymentConfiguration)?.isResponsible === true : false;
    if (wanted && !now) added.push(cost);
    if (!wanted && now) removed.push(cost);
  }
  return {
    accountId: change.accountId,
    addsMember: current === undefined,
    payerCandidaciesAdded: added,
    payerCandidaciesRemoved: removed,
    abilitiesAdded: [...after].filter((a) => !before.has(a)).sort(),
    abilitiesRemoved: current === undefined ? [] : [...before].filter((a) => !after.has(a)).sort(),
  };
}
