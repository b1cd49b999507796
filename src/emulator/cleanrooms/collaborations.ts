/** ListCollaborations, GetCollaboration, CreateCollaboration, ListMembers. */
import { invalidField } from "../errors";
import { paginate } from "../protocol/pagination";
import type { CollaborationRecord, MemberRecord, PaymentConfiguration } from "../state";
import { callerMember, memberCollaboration } from "./access";
import { secs, type CallContext, type Handler } from "./context";

const newestFirst = (a: { createTime: number; id: string }, b: { createTime: number; id: string }) =>
  b.createTime - a.createTime || a.id.localeCompare(b.id);

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
  const visible = [...ctx.state.collaborations.values()]
    .filter((c) => {
      const me = callerMember(ctx, c);
      return me && (!input.memberStatus || me.status === input.memberStatus);
    })
    .sort(newestFirst);
  const { page, nextToken } = paginate(visible, input, `ListCollaborations/${ctx.caller.accountId}/${input.memberStatus ?? ""}`);
  return { collaborationList: page.map((c) => summary(ctx, c)), ...(nextToken ? { nextToken } : {}) };
};

export const getCollaboration: Handler = (ctx, input: { collaborationIdentifier: string }) => ({
  // GetCollaboration declares no ResourceNotFoundException: an unknown id is denied like a foreign one.
  collaboration: collaborationBody(ctx, memberCollaboration(ctx, input.collaborationIdentifier, "denied")),
});

export const listMembers: Handler = (ctx, input: { collaborationIdentifier: string; nextToken?: string; maxResults?: number }) => {
  const c = memberCollaboration(ctx, input.collaborationIdentifier);
  const { page, nextToken } = paginate(c.members, input, `ListMembers/${c.id}`);
  return { memberSummaries: page.map((m) => memberSummary(ctx, c, m)), ...(nextToken ? { nextToken } : {}) };
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
    members: [
      member(creator, input.creatorDisplayName, input.creatorMemberAbilities, input.creatorMLMemberAbilities?.customMLMemberAbilities, input.creatorPaymentConfiguration),
      ...input.members.map((m) => member(m.accountId, m.displayName, m.memberAbilities, m.mlMemberAbilities?.customMLMemberAbilities, m.paymentConfiguration)),
    ],
  };
  ctx.state.collaborations.set(id, record);
  return { collaboration: collaborationBody(ctx, record) };
};
