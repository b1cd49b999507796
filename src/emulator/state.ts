/**
 * The emulator's in-memory world: collaborations with their members,
 * memberships, change requests and protected runs. Records hold wire-form
 * values where AWS returns them verbatim; times are epoch milliseconds.
 */
import { randomBytes } from "node:crypto";
import { PageTokens } from "./protocol/pagination";
import { seededChangeTypes, type ChangeInput } from "./rules/change-requests";
import { collaborationRegion, scenarioRegions, type Scenario } from "./scenario";

export type MemberAbility = "CAN_QUERY" | "CAN_RECEIVE_RESULTS" | "CAN_RUN_JOB";
export type MLAbility = "CAN_RECEIVE_MODEL_OUTPUT" | "CAN_RECEIVE_INFERENCE_OUTPUT";
export type MemberStatus = "INVITED" | "ACTIVE" | "LEFT" | "REMOVED";
export type ApprovalStatus = "APPROVED" | "DENIED" | "PENDING";
export type ChangeRequestStatus = "PENDING" | "APPROVED" | "CANCELLED" | "DENIED" | "COMMITTED";

export interface Responsibility {
  isResponsible: boolean;
}
export interface PaymentConfiguration {
  queryCompute: Responsibility;
  machineLearning?: { modelTraining?: Responsibility; modelInference?: Responsibility; syntheticDataGeneration?: Responsibility };
  jobCompute?: Responsibility;
}

export interface MemberRecord {
  accountId: string;
  displayName: string;
  status: MemberStatus;
  abilities: MemberAbility[];
  mlAbilities: MLAbility[];
  paymentConfiguration: PaymentConfiguration;
  createTime: number;
  updateTime: number;
}

export interface CollaborationRecord {
  id: string;
  arn: string;
  name: string;
  description?: string;
  creatorAccountId: string;
  createTime: number;
  updateTime: number;
  queryLogStatus: "ENABLED" | "DISABLED";
  jobLogStatus?: "ENABLED" | "DISABLED";
  analyticsEngine?: "SPARK" | "CLEAN_ROOMS_SQL";
  autoApprovedChangeTypes: string[];
  dataEncryptionMetadata?: Record<string, boolean>;
  allowedResultRegions?: string[];
  isMetricsEnabled?: boolean;
  /** The creator first, then in the order they were added. */
  members: MemberRecord[];
}

export interface MembershipRecord {
  id: string;
  arn: string;
  collaborationId: string;
  accountId: string;
  status: "ACTIVE" | "REMOVED" | "COLLABORATION_DELETED";
  queryLogStatus: "ENABLED" | "DISABLED";
  jobLogStatus?: "ENABLED" | "DISABLED";
  /** The member's acceptance of what the collaboration made it responsible for. */
  paymentConfiguration: PaymentConfiguration;
  defaultResultConfiguration?: Record<string, unknown>;
  defaultJobResultConfiguration?: Record<string, unknown>;
  isMetricsEnabled?: boolean;
  createTime: number;
  updateTime: number;
}

/** A change as the API returns it: the input plus the change types it amounts to. */
export interface ChangeRecord {
  specificationType: "MEMBER" | "COLLABORATION";
  specification: { member?: Record<string, unknown>; collaboration?: { autoApprovedChangeTypes?: string[] } };
  types: string[];
}

export interface ChangeRequestRecord {
  id: string;
  collaborationId: string;
  creatorAccountId: string;
  createTime: number;
  updateTime: number;
  status: ChangeRequestStatus;
  isAutoApproved: boolean;
  changes: ChangeRecord[];
  approvals: Record<string, ApprovalStatus>;
}

export type RunKind = "query" | "job";

/** Wire-form ComputeConfiguration (queries) or ProtectedJobComputeConfiguration (jobs). */
export interface ComputeConfiguration {
  worker?: { type?: string; number?: number; properties?: { spark?: Record<string, string> } };
}

export interface RunRecord {
  kind: RunKind;
  id: string;
  membershipId: string;
  membershipArn: string;
  createTime: number;
  /** Wire-form sqlParameters (query) or jobParameters (job). */
  parameters: Record<string, unknown>;
  /** Wire-form result configuration as returned by Get*. */
  resultConfiguration?: Record<string, unknown>;
  computeConfiguration?: ComputeConfiguration;
  payerAccountId: string;
  receiverAccountIds: string[];
  /** Seeded runs keep the status the scenario gives them; started runs follow the schedule. */
  frozenStatus?: string;
  /** When a started run turns STARTED and when it finishes. */
  startAt: number;
  finishAt: number;
  /** The run fails instead of succeeding (the failure marker was in its input). */
  fails: boolean;
  cancelRequestedAt?: number;
}

export class EmulatorState {
  readonly collaborations = new Map<string, CollaborationRecord>();
  readonly memberships = new Map<string, MembershipRecord>();
  readonly changeRequests = new Map<string, ChangeRequestRecord>();
  readonly runs = new Map<string, RunRecord>();
  /** Signs list tokens; a new world (a reset) makes the old world's tokens invalid. */
  readonly pages = new PageTokens(randomBytes(32));

  constructor(readonly region: string) {}

  collaborationArn(creatorAccountId: string, id: string): string {
    return `arn:aws:cleanrooms:${this.region}:${creatorAccountId}:collaboration/${id}`;
  }

  membershipArn(accountId: string, id: string): string {
    return `arn:aws:cleanrooms:${this.region}:${accountId}:membership/${id}`;
  }

  /** The membership an account holds in a collaboration, if any. */
  membershipOf(collaborationId: string, accountId: string): MembershipRecord | undefined {
    for (const m of this.memberships.values()) {
      if (m.collaborationId === collaborationId && m.accountId === accountId) return m;
    }
    return undefined;
  }

  runKey(kind: RunKind, membershipId: string, id: string): string {
    return `${kind}/${membershipId}/${id}`;
  }
}

const ms = (iso: string): number => Date.parse(iso);

/** One world per region the scenario serves (Clean Rooms is regional: a region sees only its own resources). */
export function statesFromScenario(scenario: Scenario): Map<string, EmulatorState> {
  return new Map(scenarioRegions(scenario).map((region) => [region, stateFromScenario(scenario, region)]));
}

/** Builds the world a scenario describes in one region (the scenario's own by default). */
export function stateFromScenario(scenario: Scenario, region: string = scenario.region): EmulatorState {
  const state = new EmulatorState(region);
  // A run lives where its membership's collaboration does; one naming no membership of any region is a scenario mistake.
  const membershipRegion = new Map<string, string>();
  for (const c of scenario.collaborations) for (const m of c.members) if (m.membershipId) membershipRegion.set(m.membershipId, collaborationRegion(scenario, c));
  const elsewhere = (membershipId: string) => membershipRegion.has(membershipId) && membershipRegion.get(membershipId) !== region;
  for (const c of scenario.collaborations) {
    if (collaborationRegion(scenario, c) !== region) continue;
    const created = ms(c.createTime);
    const collaboration: CollaborationRecord = {
      id: c.id,
      arn: state.collaborationArn(c.creatorAccountId, c.id),
      name: c.name,
      description: c.description,
      creatorAccountId: c.creatorAccountId,
      createTime: created,
      updateTime: created,
      queryLogStatus: c.queryLogStatus,
      jobLogStatus: c.jobLogStatus,
      analyticsEngine: c.analyticsEngine,
      autoApprovedChangeTypes: [...c.autoApprovedChangeTypes],
      members: c.members.map((m) => ({
        accountId: m.accountId,
        displayName: m.displayName,
        status: m.status,
        abilities: [...m.abilities],
        mlAbilities: [...m.mlAbilities],
        paymentConfiguration: structuredClone(m.paymentConfiguration),
        createTime: created,
        updateTime: created,
      })),
    };
    state.collaborations.set(c.id, collaboration);
    for (const m of c.members) {
      if (!m.membershipId) continue;
      state.memberships.set(m.membershipId, {
        id: m.membershipId,
        arn: state.membershipArn(m.accountId, m.membershipId),
        collaborationId: c.id,
        accountId: m.accountId,
        status: "ACTIVE",
        queryLogStatus: c.queryLogStatus,
        jobLogStatus: c.jobLogStatus,
        paymentConfiguration: structuredClone(m.paymentConfiguration),
        createTime: created,
        updateTime: created,
      });
    }
    for (const r of c.changeRequests) {
      state.changeRequests.set(r.id, {
        id: r.id,
        collaborationId: c.id,
        creatorAccountId: c.creatorAccountId,
        createTime: ms(r.createTime),
        updateTime: ms(r.createTime),
        status: r.status,
        isAutoApproved: false,
        // Types are derived against the seeded collaboration; a settled request that has taken effect is read on its face.
        changes: r.changes.map((ch, i) => ({
          ...(structuredClone(ch) as Omit<ChangeRecord, "types">),
          types: seededChangeTypes(collaboration, r.status, ch as ChangeInput, i),
        })),
        approvals: { ...r.approvals },
      });
    }
  }
  for (const q of scenario.protectedQueries) {
    if (elsewhere(q.membershipId)) continue;
    const membership = state.memberships.get(q.membershipId);
    if (!membership) throw new Error(`scenario: protected query ${q.id} names unknown membership ${q.membershipId}`);
    const created = ms(q.createTime);
    const output =
      "memberAccountId" in q.output
        ? { member: { accountId: q.output.memberAccountId } }
        : { s3: { resultFormat: "CSV", bucket: q.output.s3Bucket, ...(q.output.keyPrefix ? { keyPrefix: q.output.keyPrefix } : {}) } };
    state.runs.set(state.runKey("query", q.membershipId, q.id), {
      kind: "query",
      id: q.id,
      membershipId: q.membershipId,
      membershipArn: membership.arn,
      createTime: created,
      parameters: { queryString: q.queryString },
      resultConfiguration: { outputConfiguration: output },
      payerAccountId: q.payerAccountId,
      receiverAccountIds: ["memberAccountId" in q.output ? q.output.memberAccountId : membership.accountId],
      frozenStatus: q.status,
      startAt: created,
      finishAt: created,
      fails: q.status === "FAILED",
    });
  }
  for (const j of scenario.protectedJobs) {
    if (elsewhere(j.membershipId)) continue;
    const membership = state.memberships.get(j.membershipId);
    if (!membership) throw new Error(`scenario: protected job ${j.id} names unknown membership ${j.membershipId}`);
    const created = ms(j.createTime);
    state.runs.set(state.runKey("job", j.membershipId, j.id), {
      kind: "job",
      id: j.id,
      membershipId: j.membershipId,
      membershipArn: membership.arn,
      createTime: created,
      parameters: { analysisTemplateArn: j.analysisTemplateArn },
      resultConfiguration: { outputConfiguration: { member: { accountId: j.receiverAccountId } } },
      payerAccountId: j.payerAccountId,
      receiverAccountIds: [j.receiverAccountId],
      frozenStatus: j.status,
      startAt: created,
      finishAt: created,
      fails: j.status === "FAILED",
    });
  }
  return state;
}
