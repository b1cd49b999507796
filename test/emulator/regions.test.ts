/**
 * Several regions at once: Clean Rooms is regional, so a request signed for
 * a region sees only that region's collaborations, memberships and runs; a
 * region the scenario does not have is refused like any wrong region; STS
 * answers from every region. Through the real SDK, signed for each region.
 */
import {
  GetCollaborationCommand,
  GetMembershipCommand,
  GetProtectedQueryCommand,
  ListCollaborationsCommand,
  ListMembershipsCommand,
  ListProtectedQueriesCommand,
  StartProtectedQueryCommand,
} from "@aws-sdk/client-cleanrooms";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CleanRoomsClient } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioRegions } from "../../src/emulator/scenario";
import { refusal } from "../support/aws-errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";
import { HOME, membershipIdsOf, movedCollaboration, regionOf, SECOND, twoRegionScenario } from "../support/two-regions";

const scenario = twoRegionScenario();
let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator({ scenario })));
afterAll(() => t.close());

/** What the scenario says an account sees in a region: its visible collaborations there. */
const expectedCollaborations = (accountId: string, region: string) =>
  scenario.collaborations
    .filter((c) => regionOf(scenario, c.id) === region && c.members.some((m) => m.accountId === accountId && (m.status === "ACTIVE" || m.status === "INVITED")))
    .map((c) => c.id)
    .sort();
const expectedMemberships = (accountId: string, region: string) =>
  scenario.collaborations
    .filter((c) => regionOf(scenario, c.id) === region)
    .flatMap((c) => c.members.filter((m) => m.accountId === accountId && m.membershipId).map((m) => m.membershipId!))
    .sort();

describe("a scenario in two regions", () => {
  it("serves each region the scenario names, its own first", async () => {
    expect(scenarioRegions(scenario)).toEqual([HOME, SECOND]);
    expect(t.scenario.regions).toEqual([HOME, SECOND]);
  });

  it("lists, in each region, only that region's collaborations and memberships", async () => {
    for (const accountId of [demo.advertiser, demo.publisher]) {
      for (const region of [HOME, SECOND]) {
        const client = await t.cleanrooms(accountId, region);
        const collaborations = await client.send(new ListCollaborationsCommand({}));
        expect(collaborations.collaborationList!.map((c) => c.id).sort()).toEqual(expectedCollaborations(accountId, region));
        for (const c of collaborations.collaborationList!) expect(c.arn).toContain(`:cleanrooms:${region}:`);
        const memberships = await client.send(new ListMembershipsCommand({}));
        expect(memberships.membershipSummaries!.map((m) => m.id).sort()).toEqual(expectedMemberships(accountId, region));
      }
      // Both regions hold something of each account: the test would pass vacuously otherwise.
      expect(expectedCollaborations(accountId, SECOND).length).toBeGreaterThan(0);
      expect(expectedCollaborations(accountId, HOME).length).toBeGreaterThan(0);
    }
  });

  it("does not find a resource of one region in the other", async () => {
    const home = await t.cleanrooms(demo.publisher, HOME);
    const second = await t.cleanrooms(demo.publisher, SECOND);
    const membershipId = demo.m23;
    expect(membershipIdsOf(scenario, movedCollaboration)).toContain(membershipId);
    expect((await second.send(new GetCollaborationCommand({ collaborationIdentifier: movedCollaboration }))).collaboration!.arn).toContain(`:${SECOND}:`);
    expect((await refusal(home.send(new GetCollaborationCommand({ collaborationIdentifier: movedCollaboration })))).name).toBe("AccessDeniedException");
    expect((await second.send(new GetMembershipCommand({ membershipIdentifier: membershipId }))).membership!.collaborationId).toBe(movedCollaboration);
    expect((await refusal(home.send(new GetMembershipCommand({ membershipIdentifier: membershipId })))).name).toBe("ResourceNotFoundException");
    const queries = scenario.protectedQueries.filter((q) => q.membershipId === membershipId);
    expect(queries.length).toBeGreaterThan(0);
    const listed = await second.send(new ListProtectedQueriesCommand({ membershipIdentifier: membershipId }));
    expect(listed.protectedQueries!.map((q) => q.id).sort()).toEqual(queries.map((q) => q.id).sort());
    expect((await refusal(home.send(new ListProtectedQueriesCommand({ membershipIdentifier: membershipId })))).name).toBe("ResourceNotFoundException");
    // And the other way round: a home membership is not in the second region.
    expect((await refusal(second.send(new GetMembershipCommand({ membershipIdentifier: demo.m13 })))).name).toBe("ResourceNotFoundException");
  });

  it("starts a run in the region it was asked in, and only that region sees it", async () => {
    const home = await t.cleanrooms(demo.publisher, HOME);
    const second = await t.cleanrooms(demo.publisher, SECOND);
    const started = await second.send(
      new StartProtectedQueryCommand({
        type: "SQL",
        membershipIdentifier: demo.m23,
        sqlParameters: { queryString: "SELECT 1" },
        resultConfiguration: { outputConfiguration: { member: { accountId: demo.publisher } } },
      }),
    );
    const id = started.protectedQuery!.id!;
    expect((await second.send(new GetProtectedQueryCommand({ membershipIdentifier: demo.m23, protectedQueryIdentifier: id }))).protectedQuery!.id).toBe(id);
    expect((await refusal(home.send(new GetProtectedQueryCommand({ membershipIdentifier: demo.m23, protectedQueryIdentifier: id })))).name).toBe("ResourceNotFoundException");
  });

  it("refuses a region the scenario does not have, as a wrong region", async () => {
    const keys = { accessKeyId: t.scenario.gateway.accessKeyId, secretAccessKey: t.scenario.gateway.secretAccessKey };
    const elsewhere = new CleanRoomsClient({ endpoint: t.url, region: "ap-south-1", credentials: keys, maxAttempts: 1 });
    const e = await refusal(elsewhere.send(new ListCollaborationsCommand({})));
    elsewhere.destroy();
    expect(e.$metadata.httpStatusCode).toBe(403);
    expect(e.message).toBe("Credential should be scoped to a valid region, not 'ap-south-1'.");
  });

  it("answers STS from any region, with credentials that work in every region of the scenario", async () => {
    const keys = { accessKeyId: t.scenario.gateway.accessKeyId, secretAccessKey: t.scenario.gateway.secretAccessKey };
    const account = t.scenario.accounts.find((a) => a.accountId === demo.advertiser)!;
    for (const stsRegion of [SECOND, "ap-south-1"]) {
      const sts = new STSClient({ endpoint: t.url, region: stsRegion, credentials: keys, maxAttempts: 1 });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(t.scenario.gateway.accountId);
      const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: account.roleArn, RoleSessionName: "regions", ExternalId: account.externalId }));
      sts.destroy();
      for (const region of [HOME, SECOND]) {
        const client = new CleanRoomsClient({
          endpoint: t.url,
          region,
          credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
          maxAttempts: 1,
        });
        const listed = await client.send(new ListCollaborationsCommand({}));
        client.destroy();
        expect(listed.collaborationList!.map((c) => c.id).sort()).toEqual(expectedCollaborations(demo.advertiser, region));
      }
    }
  });

  it("keeps each region's world across a reset", async () => {
    await t.reset();
    const second = await t.cleanrooms(demo.advertiser, SECOND);
    const listed = await second.send(new ListCollaborationsCommand({}));
    expect(listed.collaborationList!.map((c) => c.id).sort()).toEqual(expectedCollaborations(demo.advertiser, SECOND));
  });
});

describe("a one-region scenario file", () => {
  it("still loads: a collaboration without a region lives in the scenario's", () => {
    const s = twoRegionScenario();
    delete s.collaborations.find((c) => c.id === movedCollaboration)!.region;
    expect(scenarioRegions(s)).toEqual([s.region]);
  });
});
