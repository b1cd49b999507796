/**
 * The scenario file: who exists (accounts, their roles, the gateway's own
 * identity) and what they start with (collaborations, members, memberships,
 * change requests, runs). One JSON data file per scenario, validated on load
 * so that a mistake in it names its path.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { packageRoot } from "../package-root";

const accountId = z.string().regex(/^\d{12}$/, "must be a 12-digit account id");
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "must be a lowercase UUID");
const isoTime = z.string().datetime({ offset: true });
const responsible = z.object({ isResponsible: z.boolean() });
const paymentConfiguration = z.object({
  queryCompute: responsible,
  machineLearning: z
    .object({
      modelTraining: responsible.optional(),
      modelInference: responsible.optional(),
      syntheticDataGeneration: responsible.optional(),
    })
    .optional(),
  jobCompute: responsible.optional(),
});
const memberAbility = z.enum(["CAN_QUERY", "CAN_RECEIVE_RESULTS", "CAN_RUN_JOB"]);
const mlAbility = z.enum(["CAN_RECEIVE_MODEL_OUTPUT", "CAN_RECEIVE_INFERENCE_OUTPUT"]);
const autoApprovedType = z.enum(["ADD_MEMBER", "GRANT_RECEIVE_RESULTS_ABILITY", "REVOKE_RECEIVE_RESULTS_ABILITY"]);
const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1");

const scenarioSchema = z.object({
  region: z.string().min(1),
  /** The gateway's own IAM user: the identity that assumes the member roles. */
  gateway: z.object({
    accountId,
    userName: z.string().min(1),
    accessKeyId: z.string().min(16),
    secretAccessKey: z.string().min(16),
  }),
  accounts: z
    .array(
      z.object({
        accountId,
        alias: z.string().min(1),
        /** Whether the gateway federates this account (the emulator serves it either way). */
        federated: z.boolean(),
        role: z.object({ name: z.string().min(1), externalId: z.string().min(2).optional() }),
      }),
    )
    .min(1),
  collaborations: z.array(
    z.object({
      id: uuid,
      /** Clean Rooms is regional: the collaboration, its memberships and runs live here. The scenario's region when left out. */
      region: awsRegion.optional(),
      name: z.string().min(1).max(100),
      description: z.string().optional(),
      creatorAccountId: accountId,
      createTime: isoTime,
      queryLogStatus: z.enum(["ENABLED", "DISABLED"]),
      jobLogStatus: z.enum(["ENABLED", "DISABLED"]).optional(),
      analyticsEngine: z.enum(["SPARK", "CLEAN_ROOMS_SQL"]).optional(),
      autoApprovedChangeTypes: z.array(autoApprovedType).default([]),
      members: z
        .array(
          z.object({
            accountId,
            displayName: z.string().min(1).max(100),
            status: z.enum(["INVITED", "ACTIVE", "LEFT", "REMOVED"]),
            abilities: z.array(memberAbility),
            mlAbilities: z.array(mlAbility).default([]),
            paymentConfiguration: paymentConfiguration,
            /** Present when the member has joined (status ACTIVE). */
            membershipId: uuid.optional(),
          }),
        )
        .min(1),
      changeRequests: z
        .array(
          z.object({
            id: uuid,
            createTime: isoTime,
            status: z.enum(["PENDING", "APPROVED", "CANCELLED", "DENIED", "COMMITTED"]),
            /** Wire-form ChangeInput list (specificationType + specification). */
            changes: z.array(z.object({ specificationType: z.enum(["MEMBER", "COLLABORATION"]), specification: z.record(z.string(), z.unknown()) })).min(1),
            approvals: z.record(accountId, z.enum(["APPROVED", "DENIED", "PENDING"])),
          }),
        )
        .default([]),
    }),
  ),
  protectedQueries: z
    .array(
      z.object({
        id: uuid,
        membershipId: uuid,
        createTime: isoTime,
        status: z.enum(["SUBMITTED", "STARTED", "CANCELLED", "CANCELLING", "FAILED", "SUCCESS", "TIMED_OUT"]),
        queryString: z.string(),
        payerAccountId: accountId,
        /** Where results go: a member account (memberList) or an S3 bucket. */
        output: z.union([z.object({ memberAccountId: accountId }), z.object({ s3Bucket: z.string(), keyPrefix: z.string().optional() })]),
      }),
    )
    .default([]),
  protectedJobs: z
    .array(
      z.object({
        id: uuid,
        membershipId: uuid,
        createTime: isoTime,
        status: z.enum(["SUBMITTED", "STARTED", "CANCELLED", "CANCELLING", "FAILED", "SUCCESS"]),
        analysisTemplateArn: z.string(),
        payerAccountId: accountId,
        receiverAccountId: accountId,
      }),
    )
    .default([]),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioAccount = Scenario["accounts"][number];

/** Parses a scenario; throws an Error listing each bad field by its path. */
export function parseScenario(data: unknown, source = "scenario"): Scenario {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${source} is not a valid emulator scenario:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function loadScenarioFile(path: string): Scenario {
  return parseScenario(JSON.parse(readFileSync(path, "utf8")), path);
}

export const demoScenarioPath = (): string => join(packageRoot(), "src", "emulator", "scenarios", "demo.json");

/** The region a collaboration (and its memberships and runs) lives in. */
export const collaborationRegion = (scenario: Scenario, c: Scenario["collaborations"][number]): string => c.region ?? scenario.region;

/** Every region the scenario serves: its own first, then those its collaborations name, in order. */
export function scenarioRegions(scenario: Scenario): string[] {
  return [...new Set([scenario.region, ...scenario.collaborations.map((c) => collaborationRegion(scenario, c))])];
}

export const roleArn = (account: ScenarioAccount): string => `arn:aws:iam::${account.accountId}:role/${account.role.name}`;
