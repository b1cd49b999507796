/**
 * Test support for the read-graph tests: the demo scenario as loaded from
 * src/emulator/scenarios/demo.json, and what the graph must answer about it,
 * derived here from the scenario and the contract's rules (never pasted from
 * a response). The payer rules are written out again, independently of
 * src/federation/payers.ts, so that the tests check that module.
 */
import { demoScenarioPath, loadScenarioFile, type Scenario } from "../../src/emulator/scenario";

export const world: Scenario = loadScenarioFile(demoScenarioPath());

export type ScenarioCollaboration = Scenario["collaborations"][number];
export type ScenarioMember = ScenarioCollaboration["members"][number];
export type ScenarioQuery = Scenario["protectedQueries"][number];
export type ScenarioJob = Scenario["protectedJobs"][number];

export const costTypes = ["QUERY_COMPUTE", "JOB_COMPUTE", "MODEL_TRAINING", "MODEL_INFERENCE", "SYNTHETIC_DATA_GENERATION"] as const;
export type CostType = (typeof costTypes)[number];

export const federatedIds: string[] = world.accounts.filter((a) => a.federated).map((a) => a.accountId);
export const nonFederatedIds: string[] = world.accounts.filter((a) => !a.federated).map((a) => a.accountId);
export const isFederated = (accountId: string): boolean => federatedIds.includes(accountId);

/** AWS shows a collaboration to its invited and active members. */
const seesCollaboration = (m: ScenarioMember): boolean => m.status === "INVITED" || m.status === "ACTIVE";

/** Collaborations at least one federated account can see, newest first (as the gateway lists them). */
export const visibleCollaborations: ScenarioCollaboration[] = world.collaborations
  .filter((c) => c.members.some((m) => isFederated(m.accountId) && seesCollaboration(m)))
  .sort((a, b) => Date.parse(b.createTime) - Date.parse(a.createTime) || a.id.localeCompare(b.id));

export const collaborationById = (id: string): ScenarioCollaboration => {
  const c = world.collaborations.find((x) => x.id === id);
  if (!c) throw new Error(`no collaboration ${id} in the scenario`);
  return c;
};

export interface ScenarioMembership {
  id: string;
  accountId: string;
  collaboration: ScenarioCollaboration;
  member: ScenarioMember;
}

/** Every membership in the scenario (one per member that has joined). */
export const allMemberships: ScenarioMembership[] = world.collaborations.flatMap((collaboration) =>
  collaboration.members.flatMap((member) =>
    member.membershipId ? [{ id: member.membershipId, accountId: member.accountId, collaboration, member }] : [],
  ),
);

export const membershipsOf = (accountId: string): ScenarioMembership[] => allMemberships.filter((m) => m.accountId === accountId);
export const membershipById = (id: string): ScenarioMembership => {
  const m = allMemberships.find((x) => x.id === id);
  if (!m) throw new Error(`no membership ${id} in the scenario`);
  return m;
};

/** The memberships that federated accounts hold in a collaboration. */
export const federatedMembershipIds = (c: ScenarioCollaboration): string[] =>
  c.members.filter((m) => m.membershipId && isFederated(m.accountId)).map((m) => m.membershipId!);

// ---- payer rules (the 2026-05-21 update, as the contract words them) ---------

type Payment = ScenarioMember["paymentConfiguration"];
const responsibleFor: Record<CostType, (p: Payment) => boolean> = {
  QUERY_COMPUTE: (p) => p.queryCompute.isResponsible,
  JOB_COMPUTE: (p) => p.jobCompute?.isResponsible === true,
  MODEL_TRAINING: (p) => p.machineLearning?.modelTraining?.isResponsible === true,
  MODEL_INFERENCE: (p) => p.machineLearning?.modelInference?.isResponsible === true,
  SYNTHETIC_DATA_GENERATION: (p) => p.machineLearning?.syntheticDataGeneration?.isResponsible === true,
};
/** Who does the work of a cost type: jobs are run with CAN_RUN_JOB, everything else is started by a member who can query. */
const workAbility = (cost: CostType): string => (cost === "JOB_COMPUTE" ? "CAN_RUN_JOB" : "CAN_QUERY");

/** Candidates: the ACTIVE members configured responsible for the cost, in member order. */
export function expectedCandidates(c: ScenarioCollaboration, cost: CostType): string[] {
  return c.members.filter((m) => m.status === "ACTIVE" && responsibleFor[cost](m.paymentConfiguration)).map((m) => m.accountId);
}

/** Default payer: the single candidate; with none, the single ACTIVE member able to do the work; otherwise none. */
export function expectedDefaultPayer(c: ScenarioCollaboration, cost: CostType): string | null {
  const candidates = expectedCandidates(c, cost);
  if (candidates.length > 0) return candidates.length === 1 ? candidates[0] : null;
  const workers = c.members.filter((m) => m.status === "ACTIVE" && (m.abilities as string[]).includes(workAbility(cost)));
  return workers.length === 1 ? workers[0].accountId : null;
}

// ---- the graph's answers ----------------------------------------------------

export const PAYMENT = `queryCompute { isResponsible } jobCompute { isResponsible }
  machineLearning { modelTraining { isResponsible } modelInference { isResponsible } syntheticDataGeneration { isResponsible } }`;

export const MEMBER = `accountId displayName status abilities mlAbilities paymentConfiguration { ${PAYMENT} } isFederated membership { id }`;

export const paymentView = (p: Payment) => ({
  queryCompute: { isResponsible: p.queryCompute.isResponsible },
  jobCompute: p.jobCompute ? { isResponsible: p.jobCompute.isResponsible } : null,
  machineLearning: p.machineLearning
    ? {
        modelTraining: p.machineLearning.modelTraining ?? null,
        modelInference: p.machineLearning.modelInference ?? null,
        syntheticDataGeneration: p.machineLearning.syntheticDataGeneration ?? null,
      }
    : null,
});

/** A Member as selected by MEMBER. */
export const memberView = (m: ScenarioMember) => ({
  accountId: m.accountId,
  displayName: m.displayName,
  status: m.status,
  abilities: m.abilities,
  mlAbilities: m.mlAbilities,
  paymentConfiguration: paymentView(m.paymentConfiguration),
  isFederated: isFederated(m.accountId),
  membership: m.membershipId && isFederated(m.accountId) ? { id: m.membershipId } : null,
});

export const memberOf = (c: ScenarioCollaboration, accountId: string): ScenarioMember => {
  const m = c.members.find((x) => x.accountId === accountId);
  if (!m) throw new Error(`${accountId} is not a member of ${c.id}`);
  return m;
};

/** Where AWS writes a run's S3 results: bucket, prefix, then a folder named after the run. */
export const s3Location = (runId: string, bucket: string, keyPrefix?: string): string => {
  const prefix = (keyPrefix ?? "").replace(/^\/+|\/+$/g, "");
  return `s3://${bucket}/${prefix ? `${prefix}/` : ""}${runId}/`;
};

export const TERMINAL = new Set(["SUCCESS", "FAILED", "CANCELLED", "TIMED_OUT"]);

export const iso = (t: string): string => new Date(t).toISOString();

/** Sorted copy, for comparing lists whose order is not the point. */
export const sorted = <T>(xs: readonly T[]): T[] => [...xs].sort();
