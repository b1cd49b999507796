/**
 * The AWS CLI (botocore's signer and serializers, not the JavaScript SDK)
 * against the emulator, taught the Clean Rooms model with
 * `aws configure add-model`, in a HOME of its own, with an assumed role's
 * credentials in the environment. The CLI is required: without it these
 * tests fail rather than skip. They pass with AWS CLI v1 and v2.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { packageRoot } from "../../src/package-root";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

const run = promisify(execFile);
const modelPath = join(packageRoot(), "src", "emulator", "models", "cleanrooms-2022-02-17.structure.json");

let t: TestEmulator;
let home: string;
let env: NodeJS.ProcessEnv;

/** Runs `aws ...` against the emulator; the exit code and output, whatever the outcome. */
async function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("aws", [...args, "--endpoint-url", t.url, "--output", "json"], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as Error & { code?: number | string; stdout?: string; stderr?: string };
    if (err.code === "ENOENT") throw new Error("the AWS CLI (`aws`) is not installed; these tests need it");
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

beforeAll(async () => {
  t = await startTestEmulator();
  home = mkdtempSync(join(tmpdir(), "aws-cli-home-"));
  const account = t.scenario.accounts.find((a) => a.accountId === demo.advertiser)!;
  const { Credentials } = await t.sts().send(new AssumeRoleCommand({ RoleArn: account.roleArn, RoleSessionName: "aws-cli" }));
  env = {
    PATH: process.env.PATH,
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    HOME: home,
    AWS_ACCESS_KEY_ID: Credentials!.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: Credentials!.SecretAccessKey,
    AWS_SESSION_TOKEN: Credentials!.SessionToken,
    AWS_DEFAULT_REGION: t.scenario.region,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
  const added = await run("aws", ["configure", "add-model", "--service-model", `file://${modelPath}`, "--service-name", "cleanrooms"], { env });
  expect(added.stderr).toBe("");
});

afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  await t.close();
});

const epochSeconds = (iso: string) => Date.parse(iso) / 1000;
/**
 * The CLI's JSON output with every timestamp as epoch seconds: CLI v1 prints a timestamp as the
 * wire carries it (an epoch number), v2 as an ISO 8601 string. Every timestamp member of the
 * Clean Rooms model, and no other member, is named `...Time`.
 */
const parseOutput = (stdout: string): unknown =>
  JSON.parse(stdout, (key, value: unknown) => (key.endsWith("Time") && typeof value === "string" ? epochSeconds(value) : value));
const membershipArn = (accountId: string, id: string) => `arn:aws:cleanrooms:us-east-1:${accountId}:membership/${id}`;

it("lists the assumed account's collaborations", async () => {
  const out = await aws("cleanrooms", "list-collaborations");
  expect(out).toMatchObject({ code: 0, stderr: "" });
  const list = (parseOutput(out.stdout) as { collaborationList: { id: string }[] }).collaborationList;
  expect(list.map((c) => c.id).sort()).toEqual([demo.retailMedia, demo.audienceInsights, demo.partnerPanel].sort());
  expect(list.find((c) => c.id === demo.retailMedia)).toEqual({
    id: demo.retailMedia,
    arn: `arn:aws:cleanrooms:us-east-1:${demo.advertiser}:collaboration/${demo.retailMedia}`,
    name: "Retail media measurement",
    creatorAccountId: demo.advertiser,
    creatorDisplayName: "Advertiser",
    createTime: epochSeconds("2026-09-01T09:00:00Z"),
    updateTime: epochSeconds("2026-09-01T09:00:00Z"),
    memberStatus: "ACTIVE",
    membershipId: demo.m11,
    membershipArn: membershipArn(demo.advertiser, demo.m11),
    analyticsEngine: "CLEAN_ROOMS_SQL",
  });
});

it("starts a protected query paid by another member", async () => {
  const queryString = "SELECT campaign_id, COUNT(DISTINCT user_id) AS reach FROM exposures GROUP BY campaign_id";
  const out = await aws(
    "cleanrooms",
    "start-protected-query",
    "--membership-identifier",
    demo.m11,
    "--type",
    "SQL",
    "--sql-parameters",
    // Shorthand splits on commas; a double-quoted value keeps them.
    `queryString="${queryString}"`,
    "--query-compute-payer-account-id",
    demo.publisher,
    "--result-configuration",
    `outputConfiguration={member={accountId=${demo.advertiser}}}`,
  );
  expect(out).toMatchObject({ code: 0, stderr: "" });
  const { protectedQuery } = parseOutput(out.stdout) as { protectedQuery: Record<string, unknown> };
  expect(protectedQuery.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(protectedQuery).toEqual({
    id: protectedQuery.id,
    membershipId: demo.m11,
    membershipArn: membershipArn(demo.advertiser, demo.m11),
    createTime: t.emulator.clock.now() / 1000,
    status: "SUBMITTED",
    sqlParameters: { queryString },
    resultConfiguration: { outputConfiguration: { member: { accountId: demo.advertiser } } },
    queryComputePayerAccountId: demo.publisher,
  });
});

it("reports the assumed role through STS", async () => {
  const out = await aws("sts", "get-caller-identity");
  expect(out).toMatchObject({ code: 0, stderr: "" });
  expect(JSON.parse(out.stdout)).toMatchObject({ Account: demo.advertiser, Arn: `arn:aws:sts::${demo.advertiser}:assumed-role/CleanRoomsGraphGateway/aws-cli` });
});

it("is refused when it signs with the wrong secret", async () => {
  const saved = env.AWS_SECRET_ACCESS_KEY;
  env = { ...env, AWS_SECRET_ACCESS_KEY: `${saved}x` };
  try {
    const out = await aws("cleanrooms", "list-collaborations");
    expect([254, 255]).toContain(out.code); // a service error: 255 in CLI v1, 254 in v2
    expect(out.stderr).toContain("An error occurred (InvalidSignatureException) when calling the ListCollaborations operation");
  } finally {
    env = { ...env, AWS_SECRET_ACCESS_KEY: saved };
  }
});
