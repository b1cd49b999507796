/** ListMemberships, GetMembership, CreateMembership, UpdateMembership. */
import { accessDenied, conflict, invalidField, notFound } from "../errors";
import { paginate } from "../protocol/pagination";
import { isResponsible, type CostType } from "../rules/payers";
import type { MembershipRecord, PaymentConfiguration } from "../state";
import { ownMembership } from "./access";
import { secs, type CallContext, type Handler } from "./context";

function summary(ctx: CallContext, m: MembershipRecord) {
  const c = ctx.state.collaborations.get(m.collaborationId)!;
  const member = c.members.find((x) => x.accountId === m.accountId)!;
  return {
    id: m.id,
    arn: m.arn,
    collaborationArn: c.arn,
    collaborationId: c.id,
    collaborationCreatorAccountId: c.creatorAccountId,
    collaborationCreatorDisplayName: c.members.find((x) => x.accountId === c.creatorAccountId)!.displayName,
    collaborationName: c.name,
    createTime: secs(m.createTime),
    updateTime: secs(m.updateTime),
    status: m.status,
    memberAbilities: [...member.abilities],
    mlMemberAbilities: { customMLMemberAbilities: [...member.mlAbilities] },
    paymentConfiguration: structuredClone(m.paymentConfiguration),
  };
}

export function membershipBody(ctx: CallContext, m: MembershipRecord) {
  return {
    ...summary(ctx, m),
    queryLogStatus: m.queryLogStatus,
    ...(m.jobLogStatus ? { jobLogStatus: m.jobLogStatus } : {}),
    ...(m.defaultResultConfiguration ? { defaultResultConfiguration: m.defaultResultConfiguration } : {}),
    ...(m.defaultJobResultConfiguration ? { defaultJobResultConfiguration: m.defaultJobResultConfiguration } : {}),
  };
}

export const listMemberships: Handler = (ctx, input: { nextToken?: string; maxResults?: number; status?: string }) => {
  const mine = [...ctx.state.memberships.values()]
    .filter((m) => m.accountId === ctx.caller.accountId && (!input.status || m.status === input.status))
    .sort((a, b) => b.createTime - a.createTime || a.id.localeCompare(b.id));
  const { page, nextToken } = paginate(mine, input, `ListMemberships/${ctx.caller.accountId}/${input.status ?? ""}`);
  return { membershipSummaries: page.map((m) => summary(ctx, m)), ...(nextToken ? { nextToken } : {}) };
};

export const getMembership: Handler = (ctx, input: { membershipIdentifier: string }) => ({
  membership: membershipBody(ctx, ownMembership(ctx, input.membershipIdentifier)),
});

type MembershipPayment = Partial<PaymentConfiguration>;

/** The (field path, cost type) pairs a membership payment configuration may set. */
const PAYMENT_FIELDS: [string, CostType, (p: MembershipPayment) => { isResponsible: boolean } | undefined][] = [
  ["queryCompute", "QUERY_COMPUTE", (p) => p.queryCompute],
  ["jobCompute", "JOB_COMPUTE", (p) => p.jobCompute],
  ["machineLearning.modelTraining", "MODEL_TRAINING", (p) => p.machineLearning?.modelTraining],
  ["machineLearning.modelInference", "MODEL_INFERENCE", (p) => p.machineLearning?.modelInference],
  ["machineLearning.syntheticDataGeneration", "SYNTHETIC_DATA_GENERATION", (p) => p.machineLearning?.syntheticDataGeneration],
];

/**
 * A membership accepts exactly what the collaboration made its member
 * responsible for: AWS refuses FALSE where the member is responsible and TRUE
 * where it is not.
 */
function checkPayment(field: string, requested: MembershipPayment, memberConfig: PaymentConfiguration): void {
  for (const [path, cost, pick] of PAYMENT_FIELDS) {
    const value = pick(requested);
    if (!value) continue;
    const responsible = isResponsible(memberConfig, cost);
    if (value.isResponsible !== responsible) {
      throw invalidField(
        `${field}.${path}.isResponsible`,
        responsible
          ? "the member is responsible for this cost in the collaboration, so it must be true"
          : "the member is not responsible for this cost in the collaboration, so it must be false",
      );
    }
  }
}

function merge(base: PaymentConfiguration, update: MembershipPayment): PaymentConfiguration {
  return {
    queryCompute: update.queryCompute ?? base.queryCompute,
    ...(update.jobCompute ?? base.jobCompute ? { jobCompute: update.jobCompute ?? base.jobCompute } : {}),
    ...(update.machineLearning || base.machineLearning
      ? { machineLearning: { ...base.machineLearning, ...update.machineLearning } }
      : {}),
  };
}

export const createMembership: Handler = (
  ctx,
  input: {
    collaborationIdentifier: string;
    queryLogStatus: "ENABLED" | "DISABLED";
    jobLogStatus?: "ENABLED" | "DISABLED";
    defaultResultConfiguration?: Record<string, unknown>;
    defaultJobResultConfiguration?: Record<string, unknown>;
    paymentConfiguration?: PaymentConfiguration;
  },
) => {
  const c = ctx.state.collaborations.get(input.collaborationIdentifier);
  if (!c) throw notFound("COLLABORATION", input.collaborationIdentifier, `Collaboration ${input.collaborationIdentifier} not found.`);
  const member = c.members.find((m) => m.accountId === ctx.caller.accountId);
  if (!member || member.status === "REMOVED" || member.status === "LEFT") {
    throw accessDenied(`Account ${ctx.caller.accountId} is not invited to collaboration ${c.id}.`);
  }
  if (member.status === "ACTIVE" || ctx.state.membershipOf(c.id, member.accountId)) {
    throw conflict(`Account ${member.accountId} already has a membership in collaboration ${c.id}.`, "ALREADY_EXISTS", {
      resourceId: c.id,
      resourceType: "COLLABORATION",
    });
  }
  if (input.paymentConfiguration) checkPayment("paymentConfiguration", input.paymentConfiguration, member.paymentConfiguration);
  else if (isResponsible(member.paymentConfiguration, "QUERY_COMPUTE")) {
    throw invalidField("paymentConfiguration", "the member is responsible for query compute, so a payment configuration accepting it is required");
  }
  const now = ctx.clock.now();
  const id = ctx.newId();
  const record: MembershipRecord = {
    id,
    arn: ctx.state.membershipArn(member.accountId, id),
    collaborationId: c.id,
    accountId: member.accountId,
    status: "ACTIVE",
    queryLogStatus: input.queryLogStatus,
    jobLogStatus: input.jobLogStatus,
    paymentConfiguration: merge(structuredClone(member.paymentConfiguration), input.paymentConfiguration ?? {}),
    defaultResultConfiguration: input.defaultResultConfiguration,
    defaultJobResultConfiguration: input.defaultJobResultConfiguration,
    createTime: now,
    updateTime: now,
  };
  ctx.state.memberships.set(id, record);
  member.status = "ACTIVE";
  member.updateTime = now;
  c.updateTime = now;
  return { membership: membershipBody(ctx, record) };
};

export const updateMembership: Handler = (
  ctx,
  input: {
    membershipIdentifier: string;
    queryLogStatus?: "ENABLED" | "DISABLED";
    jobLogStatus?: "ENABLED" | "DISABLED";
    defaultResultConfiguration?: Record<string, unknown>;
    defaultJobResultConfiguration?: Record<string, unknown>;
    membershipPaymentConfiguration?: MembershipPayment;
  },
) => {
  const m = ownMembership(ctx, input.membershipIdentifier);
  if (m.status !== "ACTIVE") {
    throw conflict(`Membership ${m.id} is ${m.status}.`, "INVALID_STATE", { resourceId: m.id, resourceType: "MEMBERSHIP" });
  }
  const member = ctx.state.collaborations.get(m.collaborationId)!.members.find((x) => x.accountId === m.accountId)!;
  if (input.membershipPaymentConfiguration) {
    checkPayment("membershipPaymentConfiguration", input.membershipPaymentConfiguration, member.paymentConfiguration);
  }
  // Everything is checked: now apply.
  if (input.queryLogStatus) m.queryLogStatus = input.queryLogStatus;
  if (input.jobLogStatus) m.jobLogStatus = input.jobLogStatus;
  if (input.defaultResultConfiguration) m.defaultResultConfiguration = input.defaultResultConfiguration;
  if (input.defaultJobResultConfiguration) m.defaultJobResultConfiguration = input.defaultJobResultConfiguration;
  if (input.membershipPaymentConfiguration) m.paymentConfiguration = merge(m.paymentConfiguration, input.membershipPaymentConfiguration);
  m.updateTime = ctx.clock.now();
  return { membership: membershipBody(ctx, m) };
};
