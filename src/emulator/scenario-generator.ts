/**
 * Generated scenarios (issue 15): accounts × collaborations × members ×
 * change requests × runs, the same for the same seed, and valid by the
 * emulator's own rules (checkScenarioRules says which rule a scenario breaks).
 *
 *   EMULATOR_SCENARIO=generate:accounts=50,collaborations=100,seed=7 npm run emulator
 *   npm run scenario -- accounts=10 seed=3 > scenario.json
 *
 * `accounts` counts the accounts the gateway federates (`federated: true`);
 * `partners` adds member accounts it does not federate, as demo.json's
 * measurement partner. Pure: no I/O, no clock, no Math.random.
 *
 * Regions: the plan gives every collaboration its own `region` (and ARNs
 * are built from it). `regions=us-east-1,eu-west-1` spreads collaborations
 * over those regions, one region per round of the federated accounts (so
 * with the default of two collaborations per account, each anchors one in
 * each of two regions); the scenario's own region is `region`, the first
 * listed by default, and a collaboration elsewhere names its region.
 */
import { payerCandidates, resolvePayer, type CostType } from "./rules/payers";
import { deriveChangeTypes, initialApprovals, isAutoApproved, statusOfVotes, type ChangeInput, type ChangeType } from "./rules/change-requests";
import { resultReceivers } from "./rules/run-inputs";
import { parseScenario, type Scenario } from "./scenario";
import { statesFromScenario, type CollaborationRecord, type MemberRecord } from "./state";
import { seededRandom } from "./random";

export interface GeneratorParams {
  seed: number;
  /** Accounts the gateway federates. */
  accounts: number;
  /** Member accounts it does not federate. */
  partners: number;
  collaborations: number;
  /** The most members a collaboration has (at least 2, when there are 2 accounts). */
  members: number;
  /** Change requests per collaboration (fewer when the collaboration has nothing left to change). */
  changeRequests: number;
  /** Protected queries per membership that can query; half as many jobs per membership that can run jobs. */
  runs: number;
  /** The scenario's own region (one of `regions`). */
  region: string;
  /** The regions collaborations are spread over, round robin; `[region]` by default. */
  regions: string[];
}

const PARAM_KEYS = ["seed", "accounts", "partners", "collaborations", "members", "changeRequests", "runs", "region", "regions"] as const;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Defaults scale with `accounts`: collaborations twice as many (at most 100, one page of the dashboard), a partner per five accounts. */
export function withDefaults(p: Partial<GeneratorParams>): GeneratorParams {
  const accounts = p.accounts ?? 5;
  const params: GeneratorParams = {
    seed: p.seed ?? 1,
    accounts,
    partners: p.partners ?? Math.max(1, Math.ceil(accounts / 5)),
    collaborations: p.collaborations ?? Math.min(100, 2 * accounts),
    members: p.members ?? 4,
    changeRequests: p.changeRequests ?? 2,
    runs: p.runs ?? 3,
    region: p.region ?? p.regions?.[0] ?? "us-east-1",
    regions: [],
  };
  params.regions = p.regions && p.regions.length > 0 ? [...new Set(p.regions)] : [params.region];
  const int = (name: keyof GeneratorParams, min: number, max: number) => {
    const v = params[name] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`scenario generator: ${name} must be an integer ${min}-${max}, got ${v}`);
  };
  int("seed", 0, 2 ** 32 - 1);
  int("accounts", 1, 9_999);
  int("partners", 0, 9_999);
  int("collaborations", 0, 10_000);
  // ListMembers pages at 100: the dashboard's bound assumes one page of members.
  int("members", 1, 100);
  int("changeRequests", 0, 50);
  int("runs", 0, 200);
  if (!AWS_REGION.test(params.region)) throw new Error(`scenario generator: region must be an AWS region, got '${params.region}'`);
  const bad = params.regions.find((r) => !AWS_REGION.test(r));
  if (bad !== undefined) throw new Error(`scenario generator: regions must be AWS regions, got '${bad}'`);
  if (!params.regions.includes(params.region)) throw new Error(`scenario generator: region ${params.region} must be one of regions (${params.regions.join(",")})`);
  return params;
}

/**
 * `accounts=50,collaborations=100,seed=7` (commas or spaces) to parameters; unknown keys are an error. `regions=` takes
 * the parts after it that are not `key=` as its further regions (`regions=us-east-1,eu-west-1`).
 */
export function parseGeneratorSpec(spec: string): GeneratorParams {
  const out: Partial<Record<keyof GeneratorParams, string | number | string[]>> = {};
  let lastKey: string | undefined;
  for (const part of spec.split(/[,\s]+/).filter(Boolean)) {
    if (lastKey === "regions" && !part.includes("=")) {
      (out.regions as string[]).push(part);
      continue;
    }
    const m = /^([A-Za-z]+)=(.+)$/.exec(part);
    const key = PARAM_KEYS.find((k) => k.toLowerCase() === m?.[1].toLowerCase());
    if (!m || !key) throw new Error(`scenario generator: '${part}' is not one of ${PARAM_KEYS.map((k) => `${k}=`).join(", ")}`);
    out[key] = key === "region" ? m[2] : key === "regions" ? [m[2]] : Number(m[2]);
    lastKey = key;
  }
  return withDefaults(out as Partial<GeneratorParams>);
}

// ---- the plan: what the generator decides, with a region per collaboration ----

type Ability = "CAN_QUERY" | "CAN_RECEIVE_RESULTS" | "CAN_RUN_JOB";
type Member = Scenario["collaborations"][number]["members"][number];
type ChangeRequest = Scenario["collaborations"][number]["changeRequests"][number];

export interface PlannedCollaboration {
  id: string;
  /** Where the collaboration (its memberships and runs) lives: one of the params' regions. */
  region: string;
  collaboration: Scenario["collaborations"][number];
}

export interface ScenarioPlan {
  params: GeneratorParams;
  accounts: Scenario["accounts"];
  collaborations: PlannedCollaboration[];
  protectedQueries: Scenario["protectedQueries"];
  protectedJobs: Scenario["protectedJobs"];
}

/** Seeded choices: the same scenario from the same seed on every platform. */
function prng(seed: number) {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[int(xs.length)],
    shuffle<T>(xs: readonly T[]): T[] {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    /** A lowercase version-4 UUID from the sequence (ids look like AWS's, and differ by seed). */
    uuid(): string {
      const hex = (n: number) => Array.from({ length: n }, () => int(16).toString(16)).join("");
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(4)]}${hex(3)}-${hex(12)}`;
    },
  };
}
type Rng = ReturnType<typeof prng>;

const EPOCH = Date.parse("2026-01-01T00:00:00Z");
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

export const federatedAccountId = (i: number) => String(100_000_000_000 + i + 1);
export const partnerAccountId = (i: number) => String(800_000_000_000 + i + 1);

function planAccounts(p: GeneratorParams): Scenario["accounts"] {
  const federated = Array.from({ length: p.accounts }, (_, i) => ({
    accountId: federatedAccountId(i),
    alias: `account-${String(i + 1).padStart(3, "0")}`,
    federated: true,
    // Every third role demands an ExternalId, as one of the demo's does.
    role: { name: "CleanRoomsGraphGateway", ...(i % 3 === 2 ? { externalId: `external-${i + 1}` } : {}) },
  }));
  const partners = Array.from({ length: p.partners }, (_, i) => ({
    accountId: partnerAccountId(i),
    alias: `partner-${String(i + 1).padStart(3, "0")}`,
    federated: false,
    role: { name: "PartnerOperator" },
  }));
  return [...federated, ...partners];
}

/** Members of one collaboration: the creator first (ACTIVE, can query and receive), then others in random states. */
function planMembers(rng: Rng, p: GeneratorParams, accountIds: string[], creator: string, anchor: string, spark: boolean): Member[] {
  const total = Math.min(accountIds.length, Math.max(2, 2 + rng.int(p.members - 1)));
  const others = rng.shuffle(accountIds.filter((a) => a !== creator && a !== anchor));
  const chosen = [creator, ...(anchor !== creator ? [anchor] : []), ...others].slice(0, Math.min(total, accountIds.length));
  const members: Member[] = chosen.map((accountId, i) => {
    const status: Member["status"] = i === 0 ? "ACTIVE" : rng.chance(0.8) ? "ACTIVE" : rng.chance(0.6) ? "INVITED" : "LEFT";
    const abilities: Ability[] =
      i === 0
        ? ["CAN_QUERY", "CAN_RECEIVE_RESULTS", ...(spark ? (["CAN_RUN_JOB"] as const) : [])]
        : [
            ...(rng.chance(0.3) ? (["CAN_QUERY"] as const) : []),
            ...(rng.chance(0.6) ? (["CAN_RECEIVE_RESULTS"] as const) : []),
            ...(spark && rng.chance(0.3) ? (["CAN_RUN_JOB"] as const) : []),
          ];
    return {
      accountId,
      displayName: `Member ${accountId.slice(-4)}`,
      status,
      abilities,
      mlAbilities: rng.chance(0.1) ? ["CAN_RECEIVE_MODEL_OUTPUT" as const] : [],
      paymentConfiguration: { queryCompute: { isResponsible: false }, ...(spark ? { jobCompute: { isResponsible: false } } : {}) },
      ...(status === "ACTIVE" ? { membershipId: rng.uuid() } : {}),
    };
  });
  // Payer candidates: none (the runner pays), one, or two active members per cost type.
  const active = members.filter((m) => m.status === "ACTIVE");
  for (const m of rng.shuffle(active).slice(0, rng.int(3))) m.paymentConfiguration.queryCompute.isResponsible = true;
  if (spark) for (const m of rng.shuffle(active).slice(0, rng.int(2))) m.paymentConfiguration.jobCompute = { isResponsible: true };
  return members;
}

/** The record the emulator's rules read, built as state.ts builds it. */
function record(c: Scenario["collaborations"][number]): CollaborationRecord {
  const t = Date.parse(c.createTime);
  return {
    id: c.id,
    arn: "",
    name: c.name,
    creatorAccountId: c.creatorAccountId,
    createTime: t,
    updateTime: t,
    queryLogStatus: c.queryLogStatus,
    autoApprovedChangeTypes: [...c.autoApprovedChangeTypes],
    members: c.members.map((m) => ({ ...m, mlAbilities: [...m.mlAbilities], createTime: t, updateTime: t })) as MemberRecord[],
  };
}

const STATUSES: readonly ChangeRequest["status"][] = ["PENDING", "PENDING", "PENDING", "COMMITTED", "COMMITTED", "DENIED", "CANCELLED", "APPROVED"];

/**
 * Change requests of one collaboration. An open one (PENDING, APPROVED) and a
 * DENIED or CANCELLED one carry a change that still derives against the
 * collaboration and is not auto-approved (else AWS would have committed it at
 * once); a COMMITTED one carries a change that has taken effect (the member
 * as it is now, read on its face by the emulator). Votes add up to the status.
 */
function planChangeRequests(rng: Rng, p: GeneratorParams, c: Scenario["collaborations"][number], outsiders: string[], createdAt: number): ChangeRequest[] {
  const rec = record(c);
  const voters = initialApprovals(rec);
  const others = Object.keys(voters).filter((a) => a !== c.creatorAccountId);
  const used = new Set<string>();
  const out: ChangeRequest[] = [];
  for (let i = 0; i < p.changeRequests; i++) {
    let status = rng.pick(STATUSES);
    // With nobody but the creator to vote, a request is APPROVED at creation.
    if (others.length === 0 && (status === "PENDING" || status === "DENIED")) status = "APPROVED";
    const change = status === "COMMITTED" ? takenEffect(rng, c) : openChange(rng, c, rec, outsiders, used);
    if (!change) continue;
    const approvals: Record<string, "APPROVED" | "DENIED" | "PENDING"> = { ...voters };
    if (status === "APPROVED" || status === "COMMITTED") for (const a of others) approvals[a] = "APPROVED";
    if (status === "PENDING" || status === "CANCELLED") {
      const stillPending = status === "PENDING" ? rng.pick(others) : undefined;
      for (const a of others) if (a !== stillPending && rng.chance(0.5)) approvals[a] = "APPROVED";
    }
    if (status === "DENIED") {
      const denier = rng.pick(others);
      for (const a of others) approvals[a] = a === denier ? "DENIED" : rng.chance(0.5) ? "APPROVED" : "PENDING";
    }
    out.push({ id: rng.uuid(), createTime: iso(createdAt + (i + 1) * HOUR + rng.int(HOUR)), status, changes: [change], approvals });
  }
  return out;
}

/** A change that has not taken effect: a new payer candidate, a new result receiver, or a new member. */
function openChange(rng: Rng, c: Scenario["collaborations"][number], rec: CollaborationRecord, outsiders: string[], used: Set<string>): ChangeInput | undefined {
  const candidates: ChangeInput[] = [];
  for (const m of c.members) {
    if (used.has(m.accountId) || (m.status !== "ACTIVE" && m.status !== "INVITED")) continue;
    if (m.status === "ACTIVE" && !m.paymentConfiguration.queryCompute.isResponsible) {
      candidates.push(memberChange(m.accountId, m.abilities, { ...structuredClone(m.paymentConfiguration), queryCompute: { isResponsible: true } }));
    }
    if (!m.abilities.includes("CAN_RECEIVE_RESULTS")) candidates.push(memberChange(m.accountId, [...m.abilities, "CAN_RECEIVE_RESULTS"]));
  }
  for (const a of outsiders) {
    if (!used.has(a)) candidates.push({ specificationType: "MEMBER", specification: { member: { accountId: a, memberAbilities: ["CAN_RECEIVE_RESULTS"], displayName: `Member ${a.slice(-4)}` } } });
  }
  for (const change of rng.shuffle(candidates)) {
    const types = deriveChangeTypes(rec, change, 0);
    if (!Array.isArray(types) || isAutoApproved(rec, [types as ChangeType[]])) continue;
    used.add(change.specification.member!.accountId);
    return change;
  }
  return undefined;
}

/** A change already in effect: the member exactly as it is now (a receiver's grant, or a candidate's payment). */
function takenEffect(rng: Rng, c: Scenario["collaborations"][number]): ChangeInput | undefined {
  const done = c.members.filter(
    (m) => m.accountId !== c.creatorAccountId && m.status === "ACTIVE" && (m.abilities.includes("CAN_RECEIVE_RESULTS") || m.paymentConfiguration.queryCompute.isResponsible),
  );
  if (done.length === 0) return undefined;
  const m = rng.pick(done);
  return memberChange(m.accountId, m.abilities, m.paymentConfiguration.queryCompute.isResponsible ? structuredClone(m.paymentConfiguration) : undefined);
}

function memberChange(accountId: string, abilities: Ability[], paymentConfiguration?: Member["paymentConfiguration"]): ChangeInput {
  return { specificationType: "MEMBER", specification: { member: { accountId, memberAbilities: [...abilities], ...(paymentConfiguration ? { paymentConfiguration } : {}) } } };
}

const QUERY_STATUSES = ["SUBMITTED", "STARTED", "CANCELLED", "CANCELLING", "FAILED", "SUCCESS", "TIMED_OUT"] as const;
const JOB_STATUSES = ["SUBMITTED", "STARTED", "CANCELLED", "CANCELLING", "FAILED", "SUCCESS"] as const;

/** Runs of one collaboration's memberships: runners have the ability, payers are candidates, receivers may receive. */
function planRuns(rng: Rng, p: GeneratorParams, planned: PlannedCollaboration, plan: ScenarioPlan): void {
  const c = planned.collaboration;
  const rec = record(c);
  const receivers = c.members.filter((m) => m.status === "ACTIVE" && m.abilities.includes("CAN_RECEIVE_RESULTS")).map((m) => m.accountId);
  const start = Date.parse(c.createTime);
  const payer = (cost: CostType, runner: string) => {
    const configured = payerCandidates(rec.members, cost);
    return rng.pick(configured.length > 0 ? configured : [runner]);
  };
  for (const m of c.members) {
    if (!m.membershipId) continue;
    if (m.abilities.includes("CAN_QUERY")) {
      for (let i = 0; i < p.runs; i++) {
        const toS3 = m.abilities.includes("CAN_RECEIVE_RESULTS") && rng.chance(0.3);
        plan.protectedQueries.push({
          id: rng.uuid(),
          membershipId: m.membershipId,
          createTime: iso(start + 24 * HOUR + rng.int(30 * 24) * HOUR + i * 60_000),
          status: rng.pick(QUERY_STATUSES),
          queryString: `SELECT segment, COUNT(*) FROM audience GROUP BY segment -- run ${i + 1}`,
          payerAccountId: payer("QUERY_COMPUTE", m.accountId),
          output: toS3 ? { s3Bucket: `results-${m.accountId}`, keyPrefix: `${c.id}/` } : { memberAccountId: rng.pick(receivers) },
        });
      }
    }
    if (m.abilities.includes("CAN_RUN_JOB")) {
      const template = rng.uuid();
      for (let i = 0; i < Math.ceil(p.runs / 2); i++) {
        plan.protectedJobs.push({
          id: rng.uuid(),
          membershipId: m.membershipId,
          createTime: iso(start + 24 * HOUR + rng.int(30 * 24) * HOUR + i * 60_000),
          status: rng.pick(JOB_STATUSES),
          analysisTemplateArn: `arn:aws:cleanrooms:${planned.region}:${m.accountId}:membership/${m.membershipId}/analysistemplate/${template}`,
          payerAccountId: payer("JOB_COMPUTE", m.accountId),
          receiverAccountId: rng.pick(receivers),
        });
      }
    }
  }
}

/** Everything the generator decides, deterministically from the parameters. */
export function planScenario(input: Partial<GeneratorParams> = {}): ScenarioPlan {
  const p = withDefaults(input);
  const rng = prng(p.seed);
  const accounts = planAccounts(p);
  const ids = accounts.map((a) => a.accountId);
  const federated = accounts.filter((a) => a.federated).map((a) => a.accountId);
  const partners = accounts.filter((a) => !a.federated).map((a) => a.accountId);
  const plan: ScenarioPlan = { params: p, accounts, collaborations: [], protectedQueries: [], protectedJobs: [] };
  for (let k = 0; k < p.collaborations; k++) {
    // Round robin over the federated accounts, so that each is in some collaboration; a partner creates one in five.
    const anchor = federated[k % federated.length];
    const creator = partners.length > 0 && rng.chance(0.2) ? rng.pick(partners) : anchor;
    const engine = rng.pick(["CLEAN_ROOMS_SQL", "CLEAN_ROOMS_SQL", "SPARK", undefined] as const);
    const createdAt = EPOCH + k * 7 * HOUR + rng.int(6 * HOUR);
    const members = planMembers(rng, p, ids, creator, anchor, engine === "SPARK");
    const collaboration: Scenario["collaborations"][number] = {
      id: rng.uuid(),
      name: `Collaboration ${k + 1}`,
      description: `Generated (seed ${p.seed}).`,
      creatorAccountId: creator,
      createTime: iso(createdAt),
      queryLogStatus: rng.chance(0.5) ? "ENABLED" : "DISABLED",
      ...(engine === "SPARK" ? { jobLogStatus: "ENABLED" as const } : {}),
      ...(engine ? { analyticsEngine: engine } : {}),
      autoApprovedChangeTypes: (["ADD_MEMBER", "GRANT_RECEIVE_RESULTS_ABILITY", "REVOKE_RECEIVE_RESULTS_ABILITY"] as const).filter(() => rng.chance(0.25)),
      members,
      changeRequests: [],
    };
    const outsiders = ids.filter((a) => !members.some((m) => m.accountId === a));
    collaboration.changeRequests = planChangeRequests(rng, p, collaboration, rng.shuffle(outsiders).slice(0, 3), createdAt);
    // A region per round over the anchors (not per collaboration, which would pin an anchor to one region when the counts match).
    const region = p.regions[Math.floor(k / federated.length) % p.regions.length];
    const planned = { id: collaboration.id, region, collaboration };
    plan.collaborations.push(planned);
    planRuns(rng, p, planned, plan);
  }
  return plan;
}

/** The scenario file a plan amounts to: a collaboration outside the scenario's region names its own. */
export function toScenario(plan: ScenarioPlan): Scenario {
  const region = plan.params.region;
  return {
    region,
    gateway: {
      accountId: "999999999999",
      userName: "cleanrooms-graph",
      accessKeyId: "AKIAEMULATORGATEWAY1",
      secretAccessKey: "emulator-gateway-secret-not-a-real-key",
    },
    accounts: plan.accounts,
    // Only a collaboration elsewhere names its region, so that a one-region scenario reads as it always did.
    collaborations: plan.collaborations.map((c) => (c.region === region ? c.collaboration : { ...c.collaboration, region: c.region })),
    protectedQueries: plan.protectedQueries,
    protectedJobs: plan.protectedJobs,
  };
}

/** A generated scenario, through the same validation as a scenario file. */
export function generateScenario(params: Partial<GeneratorParams> = {}): Scenario {
  const p = withDefaults(params);
  return parseScenario(JSON.parse(JSON.stringify(toScenario(planScenario(p)))), `generated scenario (${describeParams(p)})`);
}

export const describeParams = (p: GeneratorParams): string => PARAM_KEYS.map((k) => `${k}=${Array.isArray(p[k]) ? (p[k] as string[]).join(",") : p[k]}`).join(",");

export const GENERATE_PREFIX = "generate:";

/** EMULATOR_SCENARIO's value: `generate:<params>` is generated, anything else is none of this module's business. */
export function isGeneratorSource(source: string): boolean {
  return source.startsWith(GENERATE_PREFIX);
}

export function scenarioFromGeneratorSource(source: string): Scenario {
  return generateScenario(parseGeneratorSpec(source.slice(GENERATE_PREFIX.length)));
}

/**
 * The emulator's rules a scenario must satisfy beyond its shape, each broken
 * one as a line: the world builds (stateFromScenario checks memberships and
 * change derivations); memberships only for ACTIVE members; the creator an
 * ACTIVE member; runners able to run, payers among the candidates
 * (resolvePayer), receivers able to receive (resultReceivers); votes by the
 * voters AWS would ask, adding up to the status; open requests not
 * auto-approvable.
 */
export function checkScenarioRules(s: Scenario): string[] {
  const problems: string[] = [];
  try {
    statesFromScenario(s);
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
  }
  const ids = new Set(s.accounts.map((a) => a.accountId));
  const holders = new Map<string, { c: Scenario["collaborations"][number]; rec: CollaborationRecord; m: Member }>();
  for (const c of s.collaborations) {
    const rec = record(c);
    const creator = c.members.find((m) => m.accountId === c.creatorAccountId);
    if (creator?.status !== "ACTIVE") problems.push(`collaboration ${c.id}: the creator ${c.creatorAccountId} is not an ACTIVE member`);
    for (const m of c.members) {
      if (!ids.has(m.accountId)) problems.push(`collaboration ${c.id}: member ${m.accountId} is not a scenario account`);
      if ((m.membershipId !== undefined) !== (m.status === "ACTIVE")) problems.push(`collaboration ${c.id}: member ${m.accountId} is ${m.status} ${m.membershipId ? "with" : "without"} a membership`);
      if (m.membershipId) holders.set(m.membershipId, { c, rec, m });
    }
    const voters = initialApprovals(rec);
    for (const r of c.changeRequests) {
      const at = `change request ${r.id}`;
      const votersNamed = Object.keys(r.approvals).sort().join(",") === Object.keys(voters).sort().join(",");
      if (!votersNamed) problems.push(`${at}: votes of ${Object.keys(r.approvals).join(",")}, but the voters are ${Object.keys(voters).join(",")}`);
      if (r.approvals[c.creatorAccountId] !== "APPROVED") problems.push(`${at}: the creator's vote is not APPROVED`);
      const votes = statusOfVotes(r.approvals);
      const expected: Record<ChangeRequest["status"], (v: typeof votes) => boolean> = {
        PENDING: (v) => v === "PENDING",
        APPROVED: (v) => v === "APPROVED",
        COMMITTED: (v) => v === "APPROVED",
        DENIED: (v) => v === "DENIED",
        CANCELLED: (v) => v !== "DENIED",
      };
      if (!expected[r.status](votes)) problems.push(`${at}: ${r.status}, but its votes add up to ${votes}`);
      if (r.status !== "COMMITTED") {
        const types = r.changes.map((ch, i) => deriveChangeTypes(rec, ch as ChangeInput, i));
        const derived = types.filter(Array.isArray) as ChangeType[][];
        if (derived.length === types.length && isAutoApproved(rec, derived)) problems.push(`${at}: ${r.status}, but the collaboration auto-approves it`);
      }
    }
  }
  const runChecks = (kind: string, run: { id: string; membershipId: string; payerAccountId: string }, cost: CostType, ability: Ability, output: Parameters<typeof resultReceivers>[0]) => {
    const h = holders.get(run.membershipId);
    if (!h) return problems.push(`${kind} ${run.id}: no ACTIVE membership ${run.membershipId}`);
    if (!h.m.abilities.includes(ability)) problems.push(`${kind} ${run.id}: runner ${h.m.accountId} lacks ${ability}`);
    const payer = resolvePayer(h.rec.members, cost, h.m.accountId, run.payerAccountId);
    if (!payer.ok) problems.push(`${kind} ${run.id}: payer ${run.payerAccountId} is not a candidate (${payer.candidates.join(",")})`);
    const receivers = resultReceivers(output, h.rec.members, h.m.accountId, "output");
    if (!receivers.ok) problems.push(`${kind} ${run.id}: ${receivers.problem.name}: ${receivers.problem.message}`);
  };
  for (const q of s.protectedQueries) {
    const output = "memberAccountId" in q.output ? { member: { accountId: q.output.memberAccountId } } : { s3: { bucket: q.output.s3Bucket } };
    runChecks("protected query", q, "QUERY_COMPUTE", "CAN_QUERY", output as Parameters<typeof resultReceivers>[0]);
  }
  for (const j of s.protectedJobs) {
    runChecks("protected job", j, "JOB_COMPUTE", "CAN_RUN_JOB", { member: { accountId: j.receiverAccountId } } as Parameters<typeof resultReceivers>[0]);
  }
  return problems;
}
