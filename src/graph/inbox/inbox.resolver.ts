/**
 * pendingApprovals: the caller's approvals inbox across every collaboration
 * its voting accounts belong to. Reads: each voting account's
 * ListCollaborations (which also routes the rest), one
 * ListCollaborationChangeRequests(PENDING) per collaboration in which a
 * voting account is ACTIVE (only ACTIVE members vote), and, only when
 * members are selected, one ListMembers per collaboration in the inbox —
 * all through the request's loaders, so the dashboard's reads are shared.
 *
 * Pages by keyset (common/keyset.ts): the inbox shrinks as the caller votes,
 * so a cursor is its request's (createTime, collaborationId, id), never a
 * position.
 */
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { AwsChangeRequestSummary } from "../../aws/cleanrooms-api";
import { mergeCollaborations } from "../../federation/collaborations";
import { ageSeconds, awaitingVotes, memberDelta, votingCollaborations } from "../../federation/inbox";
import { changesOf } from "../change-request/change-request.resolver";
import { encodeNodeId } from "../node/node-id";
import { Collaboration } from "../collaboration/collaboration.type";
import { listTag, pageSize, type Connection } from "../common/connection";
import { decodeKey, pageAfter, type Key } from "../common/keyset";
import { AFTER, FIRST } from "../common/descriptions";
import type { GraphContext } from "../context";
import { Member } from "../member/member.type";
import { membersOf, orMissing, regionOfArn, type CollaborationNode, type MemberNode } from "../nodes";
import { MemberChangeSummary, PendingApproval, PendingApprovalConnection } from "./inbox.type";

const INBOX = listTag(["pendingApprovals"]);
const KEY_LENGTH = 3;
const keyOf = (p: PendingApproval): Key => [p.createTime.getTime(), p.changeRequest.collaborationId!, p.changeRequest.id!];

@Resolver(() => PendingApproval)
export class InboxResolver {
  @Query(() => PendingApprovalConnection, {
    description:
      "The approvals inbox: PENDING change requests, across every collaboration of the caller's accounts, on which an account the caller may vote as (a `vote` grant) has not voted yet; newest first. " +
      "Accounts the caller may only read are left out, and so are requests only they could vote on. " +
      "A cursor names its request, not a position: after voting on an item, `after` its cursor still resumes with the next one.",
  })
  async pendingApprovals(
    @Ctx() ctx: GraphContext,
    @Arg("first", () => Int, { nullable: true, description: FIRST }) first?: number,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string,
  ): Promise<Connection<PendingApproval>> {
    const size = pageSize(first);
    const from = decodeKey(after, INBOX, KEY_LENGTH); // a cursor of another list is refused before any AWS read
    const voters = ctx.accounts.map((a) => a.accountId).filter((a) => ctx.may(a, "vote"));
    const perAccount = await Promise.all(voters.map(async (accountId) => ({ accountId, summaries: await orMissing(ctx.loaders.allCollaborations(accountId), []) })));
    const voting = votingCollaborations(perAccount);
    for (const [collaborationId, voter] of voting) ctx.router.preferReader(collaborationId, voter);
    const collaborations = mergeCollaborations(perAccount).filter((c) => voting.has(c.id));
    const requests = (await Promise.all(collaborations.map((c) => orMissing(ctx.loaders.allChangeRequests(c.id, "PENDING"), [])))).flat();
    const creators = new Map(collaborations.map((c) => [c.id, c.summary.creatorAccountId]));
    const now = Date.now();
    // A down account (or one down in the collaboration's region) cannot vote now; its part of the inbox is missing like
    // the rest of its graph. A vote grant limited to some regions votes only on the collaborations that live there.
    const regions = new Map(collaborations.map((c) => [c.id, regionOfArn(c.summary.arn)]));
    const canVote = (a: string, region: string | undefined) => !ctx.health.isDown(a, region) && ctx.may(a, "vote", region);
    const awaiting = awaitingVotes(requests, voters.filter((a) => !ctx.health.isDown(a)))
      .map(({ request, voterAccountIds }) => ({ request, voterAccountIds: voterAccountIds.filter((a) => canVote(a, regions.get(request.collaborationId!))) }))
      .filter(({ voterAccountIds }) => voterAccountIds.length > 0);
    const items = awaiting.map(({ request, voterAccountIds }) => ({
      id: encodeNodeId({ type: "ChangeRequest", collaborationId: request.collaborationId!, id: request.id! }),
      changeRequest: request,
      voterAccountIds,
      createTime: request.createTime!,
      ageSeconds: ageSeconds(request.createTime!, now),
      creatorAccountId: creators.get(request.collaborationId!),
    }));
    return pageAfter(items, keyOf, INBOX, size, from, !!after);
  }

  @FieldResolver(() => Collaboration, { description: "The collaboration the request would change." })
  collaboration(@Root() p: PendingApproval): CollaborationNode {
    return { id: p.changeRequest.collaborationId!, known: {} };
  }

  @FieldResolver(() => [Member], { description: "The members behind voterAccountIds; empty when the collaboration's member list cannot be read." })
  async voters(@Root() p: PendingApproval, @Ctx() ctx: GraphContext): Promise<MemberNode[]> {
    const members = await membersOf(ctx, p.changeRequest.collaborationId!);
    return p.voterAccountIds.map((a) => members.get(a)).filter((m): m is MemberNode => m !== undefined);
  }

  @FieldResolver(() => Member, {
    nullable: true,
    description: "Who asked: the collaboration's creator, the only member who submits change requests; null when the member list cannot be read.",
  })
  async requester(@Root() p: PendingApproval, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    const collaborationId = p.changeRequest.collaborationId!;
    const creator = p.creatorAccountId ?? (await orMissing(ctx.loaders.collaboration.load(collaborationId), undefined))?.creatorAccountId;
    return creator ? ((await membersOf(ctx, collaborationId)).get(creator) ?? null) : null;
  }

  @FieldResolver(() => [MemberChangeSummary], {
    description: "For each member change of the request, what it would change for that member compared with now (payer candidacies, abilities, joining); collaboration changes are in changeRequest.changes.",
  })
  async memberChanges(@Root() p: PendingApproval, @Ctx() ctx: GraphContext): Promise<MemberChangeSummary[]> {
    return memberChangesOf(ctx, p.changeRequest);
  }
}

async function memberChangesOf(ctx: GraphContext, r: AwsChangeRequestSummary): Promise<MemberChangeSummary[]> {
  const members = await membersOf(ctx, r.collaborationId!);
  // No member list (its readers are down): nobody can say what would change, rather than calling everyone new.
  if (members.size === 0) return [];
  return changesOf(r).flatMap((c) => {
    if (!c.member) return [];
    const current = members.get(c.member.accountId);
    const delta = memberDelta(c.member, current && { abilities: current.abilities, paymentConfiguration: current.paymentConfiguration });
    const id = encodeNodeId({ type: "Change", collaborationId: r.collaborationId!, changeRequestId: r.id!, index: c.index });
    return [{ ...delta, id, collaborationId: r.collaborationId! } as MemberChangeSummary];
  });
}

@Resolver(() => MemberChangeSummary)
export class MemberChangeSummaryResolver {
  @FieldResolver(() => Member, { nullable: true, description: "The member, when the account is already in the collaboration." })
  async member(@Root() s: MemberChangeSummary, @Ctx() ctx: GraphContext): Promise<MemberNode | null> {
    return (await membersOf(ctx, s.collaborationId)).get(s.accountId) ?? null;
  }
}
