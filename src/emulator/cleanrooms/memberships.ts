/** ListMemberships, GetMembership, CreateMembership, UpdateMembership. */
import { accessDenied, conflict, invalidField, notFound } from "../errors";
import { costTypes, isResponsible, type CostType } from "../rules/payers";
import { checkSingleFileOutput } from "../rules/run-inputs";
import type { OutputConfiguration } from "../rules/run-lifecycle";
import type { CollaborationRecord, MemberRecord, MembershipRecord, PaymentConfiguration } from "../state";
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
    ...(m.isMetricsEnabled !== undefined ? { isMetricsEnabled: m.isMetricsEnabled } : {}),
  };
}

export const listMemberships: Handler = (ctx, input: { nextToken?: string; maxResults?: number; status?: string }) => {
  const mine = [...ctx.state.memberships.values()].filter((m) => m.accountId === ctx.caller.accountId && (!input.status || m.status === input.status));
  const listKey = `ListMemberships/${ctx.caller.accountId}/${input.status ?? ""}`;
  const { page, nextToken } = ctx.state.pages.page(mine, input, listKey, (m) => ({ key: m.createTime, id: m.id }), "descending");
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

/** The cost types the collaboration's creator made a member responsible for. */
const payerFor = (member: MemberRecord): CostType[] => costTypes.filter((cost) => isResponsible(member.paymentConfiguration, cost));

/**
 * AWS (CreateMembership.paymentConfiguration): "Not required if the
 * collaboration member has the member ability to run queries. Required if
 * the collaboration member doesn't have the member ability to run queries
 * but is configured as a payer by the collaboration creator." A payer is
 * read as responsible for any cost type.
 */
function checkPaymentRequired(member: MemberRecord): void {
  const costs = payerFor(member);
  if (member.abilities.includes("CAN_QUERY") || costs.length === 0) return;
  throw invalidField(
    "paymentConfiguration",
    `is required: the member cannot query (no CAN_QUERY) and the collaboration's creator made it a payer for ${costs.join(", ")}`,
  );
}

/**
 * AWS (CreateMembership.isMetricsEnabled): "metrics are only available when
 * the collaboration has metrics enabled. This option can be set by
 * collaboration members who have the ability to run queries (analysis
 * runners) or by members who are configured as payers." Only true is
 * checked: false is the default, which anyone may state.
 */
function checkMetrics(enabled: boolean | undefined, c: CollaborationRecord, member: MemberRecord): void {
  if (enabled !== true) return;
  if (c.isMetricsEnabled !== true) throw invalidField("isMetricsEnabled", `collaboration ${c.id} does not have metrics enabled`);
  if (!member.abilities.includes("CAN_QUERY") && payerFor(member).length === 0) {
    throw invalidField("isMetricsEnabled", "can be set only by a member who can query or is configured as a payer");
  }
}

/** The membership's default query output, held to the collaboration's analytics engine. */
function checkDefaultResult(config: Record<string, unknown> | undefined, c: CollaborationRecord): void {
  const output = config?.outputConfiguration as OutputConfiguration | undefined;
  const [problem] = checkSingleFileOutput(output, c.analyticsEngine, "defaultResultConfiguration.outputConfiguration");
  if (problem) throw invalidField(problem.name, problem.message);
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
    isMetricsEnabled?: boolean;
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
  else checkPaymentRequired(member);
  checkMetrics(input.isMetricsEnabled, c, member);
  checkDefaultResult(input.defaultResultConfiguration, c);
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
    ...(input.isMetricsEnabled !== undefined ? { isMetricsEnabled: input.isMetricsEnabled } : {}),
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
  const c = ctx.state.collaborations.get(m.collaborationId)!;
  const member = c.members.find((x) => x.accountId === m.accountId)!;
  checkDefaultResult(input.defaultResultConfiguration, c);
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
