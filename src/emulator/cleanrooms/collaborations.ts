/** ListCollaborations, GetCollaboration, CreateCollaboration, ListMembers. */
import { invalidField } from "../errors";
import { creatorPaymentProblem } from "../rules/creator-payments";
import type { CollaborationRecord, MemberRecord, PaymentConfiguration } from "../state";
import { callerMember, memberCollaboration } from "./access";
import { secs, type CallContext, type Handler } from "./context";

function summary(ctx: CallContext, c: CollaborationRecord) {
  const me = callerMember(ctx, c)!;
  const membership = ctx.state.membershipOf(c.id, me.accountId);
  return {
    id: c.id,
    arn: c.arn,
    name: c.name,
    creatorAccountId: c.creatorAccountId,
    creatorDisplayName: c.members.find((m) => m.accountId === c.creatorAccountId)!.displayName,
    createTime: secs(c.createTime),
    updateTime: secs(c.updateTime),
    memberStatus: me.status,
    ...(membership ? { membershipId: membership.id, membershipArn: membership.arn } : {}),
    ...(c.analyticsEngine ? { analyticsEngine: c.analyticsEngine } : {}),
  };
}

export function collaborationBody(ctx: CallContext, c: CollaborationRecord) {
  return {
    ...summary(ctx, c),
    ...(c.description !== undefined ? { description: c.description } : {}),
    ...(c.dataEncryptionMetadata ? { dataEncryptionMetadata: c.dataEncryptionMetadata } : {}),
    queryLogStatus: c.queryLogStatus,
    ...(c.jobLogStatus ? { jobLogStatus: c.jobLogStatus } : {}),
    autoApprovedChangeTypes: [...c.autoApprovedChangeTypes],
    ...(c.allowedResultRegions ? { allowedResultRegions: [...c.allowedResultRegions] } : {}),
    ...(c.isMetricsEnabled !== undefined ? { isMetricsEnabled: c.isMetricsEnabled } : {}),
  };
}

export function memberSummary(ctx: CallContext, c: CollaborationRecord, m: MemberRecord) {
  const membership = ctx.state.membershipOf(c.id, m.accountId);
  return {
    accountId: m.accountId,
    status: m.status,
    displayName: m.displayName,
    abilities: [...m.abilities],
    mlAbilities: { customMLMemberAbilities: [...m.mlAbilities] },
    createTime: secs(m.createTime),
    updateTime: secs(m.updateTime),
    ...(membership ? { membershipId: membership.id, membershipArn: membership.arn } : {}),
    paymentConfiguration: structuredClone(m.paymentConfiguration),
  };
}

export const listCollaborations: Handler = (ctx, input: { nextToken?: string; maxResults?: number; memberStatus?: string }) => {
  const visible = [...ctx.state.collaborations.values()].filter((c) => {
    const me = callerMember(ctx, c);
    return me && (!input.memberStatus || me.status === input.memberStatus);
  });
  const listKey = `ListCollaborations/${ctx.caller.accountId}/${input.memberStatus ?? ""}`;
  const { page, nextToken } = ctx.state.pages.page(visible, input, listKey, (c) => ({ key: c.createTime, id: c.id }), "descending");
  return { collaborationList: page.map((c) => summary(ctx, c)), ...(nextToken ? { nextToken } : {}) };
};

export const getCollaboration: Handler = (ctx, input: { collaborationIdentifier: string }) => ({
  // GetCollaboration declares no ResourceNotFoundException: an unknown id is denied like a foreign one.
  collaboration: collaborationBody(ctx, memberCollaboration(ctx, input.collaborationIdentifier, "denied")),
});

export const listMembers: Handler = (ctx, input: { collaborationIdentifier: string; nextToken?: string; maxResults?: number }) => {
  const c = memberCollaboration(ctx, input.collaborationIdentifier);
  // Members are only ever appended (the creator first), so a member's index is a stable position.
  const indexed = c.members.map((m, index) => ({ m, index }));
  const { page, nextToken } = ctx.state.pages.page(indexed, input, `ListMembers/${c.id}`, (x) => ({ key: x.index, id: x.m.accountId }), "ascending");
  return { memberSummaries: page.map((x) => memberSummary(ctx, c, x.m)), ...(nextToken ? { nextToken } : {}) };
};

interface MemberSpecification {
  accountId: string;
  memberAbilities: MemberRecord["abilities"];
  mlMemberAbilities?: { customMLMemberAbilities: MemberRecord["mlAbilities"] };
  displayName: string;
  paymentConfiguration?: PaymentConfiguration;
}

const NOT_RESPONSIBLE: PaymentConfiguration = { queryCompute: { isResponsible: false } };

export const createCollaboration: Handler = (
  ctx,
  input: {
    members: MemberSpecification[];
    name: string;
    description?: string;
    creatorMemberAbilities: MemberRecord["abilities"];
    creatorMLMemberAbilities?: { customMLMemberAbilities: MemberRecord["mlAbilities"] };
    creatorDisplayName: string;
    creatorPaymentConfiguration?: PaymentConfiguration;
    dataEncryptionMetadata?: Record<string, boolean>;
    queryLogStatus: "ENABLED" | "DISABLED";
    jobLogStatus?: "ENABLED" | "DISABLED";
    analyticsEngine?: "SPARK" | "CLEAN_ROOMS_SQL";
    autoApprovedChangeRequestTypes?: string[];
    allowedResultRegions?: string[];
    isMetricsEnabled?: boolean;
  },
) => {
  const now = ctx.clock.now();
  const creator = ctx.caller.accountId;
  const seen = new Set([creator]);
  input.members.forEach((m, i) => {
    if (seen.has(m.accountId)) {
      throw invalidField(`members[${i}].accountId`, `account ${m.accountId} is listed twice or is the creator`);
    }
    seen.add(m.accountId);
  });
  const creatorProblem = creatorPaymentProblem(input.creatorMemberAbilities, input.creatorPaymentConfiguration, "creatorPaymentConfiguration");
  const problem =
    creatorProblem ??
    input.members.map((m, i) => creatorPaymentProblem(m.memberAbilities, m.paymentConfiguration, `members[${i}].paymentConfiguration`)).find((p) => p);
  if (problem) throw invalidField(problem.name, problem.message);
  const id = ctx.newId();
  // Every member, the creator included, is INVITED until it creates its membership.
  const member = (accountId: string, displayName: string, abilities: MemberRecord["abilities"], ml: MemberRecord["mlAbilities"] | undefined, pay: PaymentConfiguration | undefined): MemberRecord => ({
    accountId,
    displayName,
    status: "INVITED",
    abilities: [...abilities],
    mlAbilities: [...(ml ?? [])],
    paymentConfiguration: structuredClone(pay ?? NOT_RESPONSIBLE),
    createTime: now,
    updateTime: now,
  });
  const record: CollaborationRecord = {
    id,
    arn: ctx.state.collaborationArn(creator, id),
    name: input.name,
    description: input.description,
    creatorAccountId: creator,
    createTime: now,
    updateTime: now,
    queryLogStatus: input.queryLogStatus,
    jobLogStatus: input.jobLogStatus,
    analyticsEngine: input.analyticsEngine,
    autoApprovedChangeTypes: [...new Set(input.autoApprovedChangeRequestTypes ?? [])],
    dataEncryptionMetadata: input.dataEncryptionMetadata,
    ...(input.allowedResultRegions ? { allowedResultRegions: [...input.allowedResultRegions] } : {}),
    ...(input.isMetricsEnabled !== undefined ? { isMetricsEnabled: input.isMetricsEnabled } : {}),
    members: [
      member(creator, input.creatorDisplayName, input.creatorMemberAbilities, input.creatorMLMemberAbilities?.customMLMemberAbilities, input.creatorPaymentConfiguration),
      ...input.members.map((m) => member(m.accountId, m.displayName, m.memberAbilities, m.mlMemberAbilities?.customMLMemberAbilities, m.paymentConfiguration)),
    ],
  };
  ctx.state.collaborations.set(id, record);
  return { collaboration: collaborationBody(ctx, record) };
};
