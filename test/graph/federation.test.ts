/**
 * Several accounts, one graph: a collaboration seen by several federated
 * accounts is listed once with each of their memberships; payer candidates
 * and default payers follow the rules for every cost type; payers and
 * approvers resolve to Members whether or not the gateway federates them.
 * The last part changes the emulator's world through the SDK (as the member
 * accounts themselves would) and resets it afterwards.
 */
import "../../src/aws/sdk-overlay";
import {
  CreateCollaborationChangeRequestCommand,
  CreateMembershipCommand,
  StartProtectedJobCommand,
  StartProtectedQueryCommand,
  UpdateCollaborationChangeRequestCommand,
  type ChangeInput,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway";
import {
  MEMBER,
  costTypes,
  expectedCandidates,
  expectedDefaultPayer,
  federatedIds,
  federatedMembershipIds,
  isFederated,
  memberOf,
  memberView,
  nonFederatedIds,
  visibleCollaborations,
  world,
  type ScenarioCollaboration,
} from "./demo-world";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());

async function data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await g.gql<T>(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}

/** The federated accounts that see a collaboration (as invited or active members). */
const federatedReaders = (c: ScenarioCollaboration) =>
  c.members.filter((m) => isFederated(m.accountId) && (m.status === "ACTIVE" || m.status === "INVITED")).map((m) => m.accountId);

describe("deduplication", () => {
  it("lists a collaboration that several federated accounts see once, with each federated account's membership", async () => {
    const shared = visibleCollaborations.filter((c) => federatedReaders(c).length > 1);
    expect(shared.length, "the demo has collaborations several federated accounts see").toBeGreaterThan(0);
    const d = await data(`{ collaborations { nodes { id memberships { id account { accountId } collaboration { id } } } } }`);
    const ids = d.collaborations.nodes.map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(visibleCollaborations.map((c) => c.id).sort());
    for (const c of visibleCollaborations) {
      const node = d.collaborations.nodes.find((n: { id: string }) => n.id === c.id);
      const expected = c.members
        .filter((m) => m.membershipId && isFederated(m.accountId))
        .map((m) => ({ id: m.membershipId, account: { accountId: m.accountId }, collaboration: { id: c.id } }));
      expect(node.memberships).toEqual(expected);
    }
  });

  it("reads each account's collaboration list once, however many collaborations they share", async () => {
    await g.gql("{ accounts { status } }");
    await g.t.resetCalls();
    await data(`{ collaborations { nodes { id name memberships { id } } } }`);
    const calls = await g.t.calls();
    for (const a of federatedIds) expect(calls.byAccount[a]?.ListCollaborations, a).toBe(1);
  });

  it("leaves out the memberships of accounts it does not federate", async () => {
    for (const c of visibleCollaborations) {
      const d = await data(`query($id: ID!) { collaboration(id: $id) { memberships { id } members { accountId isFederated membership { id } } } }`, {
        id: c.id,
      });
      expect(d.collaboration.memberships.map((m: { id: string }) => m.id)).toEqual(federatedMembershipIds(c));
      for (const m of d.collaboration.members) {
        const seeded = memberOf(c, m.accountId);
        expect(m).toEqual({
          accountId: m.accountId,
          isFederated: isFederated(m.accountId),
          membership: isFederated(m.accountId) && seeded.membershipId ? { id: seeded.membershipId } : null,
        });
      }
    }
  });

  it("answers a membership the same way from any path to it", async () => {
    for (const c of visibleCollaborations) {
      for (const id of federatedMembershipIds(c)) {
        const q = `account { accountId } collaboration { id } status memberAbilities`;
        const direct = await data(`query($id: ID!) { membership(id: $id) { ${q} } }`, { id });
        const viaCollaboration = await data(`query($c: ID!) { collaboration(id: $c) { memberships { id ${q} } } }`, { c: c.id });
        const { id: _id, ...fromList } = viaCollaboration.collaboration.memberships.find((m: { id: string }) => m.id === id);
        expect(fromList).toEqual(direct.membership);
      }
    }
  });
});

describe("payer candidates and the default payer", () => {
  it("covers every branch of the rules in the demo", () => {
    const outcomes = visibleCollaborations.flatMap((c) =>
      costTypes.map((cost) => {
        const n = expectedCandidates(c, cost).length;
        const d = expectedDefaultPayer(c, cost);
        return n > 1 ? "several" : n === 1 ? "one" : d ? "worker" : "none";
      }),
    );
    expect(new Set(outcomes)).toEqual(new Set(["several", "one", "worker", "none"]));
    const defaults = visibleCollaborations.flatMap((c) => costTypes.map((cost) => expectedDefaultPayer(c, cost))).filter((x) => x);
    expect(defaults.some((a) => !isFederated(a!)), "a default payer the gateway does not federate").toBe(true);
  });

  it("resolves candidates and the default payer for every cost type of every collaboration", async () => {
    const fields = costTypes
      .map((cost) => `${cost}_c: payerCandidates(costType: ${cost}) { ${MEMBER} } ${cost}_d: defaultPayer(costType: ${cost}) { ${MEMBER} }`)
      .join(" ");
    const d = await data(`{ collaborations { nodes { id ${fields} } } }`);
    for (const c of visibleCollaborations) {
      const node = d.collaborations.nodes.find((n: { id: string }) => n.id === c.id);
      for (const cost of costTypes) {
        expect(node[`${cost}_c`], `${c.name} ${cost} candidates`).toEqual(expectedCandidates(c, cost).map((a) => memberView(memberOf(c, a))));
        const payer = expectedDefaultPayer(c, cost);
        expect(node[`${cost}_d`], `${c.name} ${cost} default`).toEqual(payer ? memberView(memberOf(c, payer)) : null);
      }
    }
  });

  it("answers the same through collaboration(id) as through the list", async () => {
    for (const c of visibleCollaborations) {
      const d = await data(`query($id: ID!) { collaboration(id: $id) { q: defaultPayer(costType: QUERY_COMPUTE) { accountId } j: defaultPayer(costType: JOB_COMPUTE) { accountId } } }`, {
        id: c.id,
      });
      const q = expectedDefaultPayer(c, "QUERY_COMPUTE");
      const j = expectedDefaultPayer(c, "JOB_COMPUTE");
      expect(d.collaboration).toEqual({ q: q ? { accountId: q } : null, j: j ? { accountId: j } : null });
    }
  });
});

describe("approvals", () => {
  it("resolves every approver to its member, federated or not", async () => {
    let nonFederatedSeen = 0;
    for (const c of visibleCollaborations) {
      const d = await data(`query($id: ID!) { collaboration(id: $id) { changeRequests { nodes { id approvals { accountId status member { ${MEMBER} } } } } } }`, {
        id: c.id,
      });
      for (const r of c.changeRequests) {
        const node = d.collaboration.changeRequests.nodes.find((n: { id: string }) => n.id === r.id);
        const expected = Object.entries(r.approvals)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([accountId, status]) => ({ accountId, status, member: memberView(memberOf(c, accountId)) }));
        expect(node.approvals).toEqual(expected);
        nonFederatedSeen += expected.filter((a) => !a.member.isFederated).length;
      }
    }
    expect(nonFederatedSeen, "the demo has approvals by an account the gateway does not federate").toBeGreaterThan(0);
  });

  it("resolves a non-federated approver to a member with isFederated false and no membership", async () => {
    const partner = nonFederatedIds[0];
    const c = visibleCollaborations.find((x) => x.changeRequests.some((r) => partner in r.approvals))!;
    const r = c.changeRequests.find((x) => partner in x.approvals)!;
    const d = await data(`query($c: ID!, $id: ID!) { changeRequest(collaborationId: $c, id: $id) { approvals { accountId member { accountId displayName isFederated membership { id } } } } }`, {
      c: c.id,
      id: r.id,
    });
    const approval = d.changeRequest.approvals.find((a: { accountId: string }) => a.accountId === partner);
    expect(approval.member).toEqual({ accountId: partner, displayName: memberOf(c, partner).displayName, isFederated: false, membership: null });
  });
});

describe("payers of runs started in the emulator", () => {
  // These change the emulator's world; put it back for any test that follows.
  afterAll(() => g.t.reset());

  const retail = visibleCollaborations.find((c) => expectedCandidates(c, "QUERY_COMPUTE").length > 1)!;
  const runner = retail.members.find((m) => (m.abilities as string[]).includes("CAN_QUERY") && isFederated(m.accountId))!;
  const RUN = `id payerAccountId payer { accountId displayName isFederated membership { id } } receivers { accountId }`;

  async function startQuery(payer: string) {
    const client = await g.t.cleanrooms(runner.accountId);
    const out = await client.send(
      new StartProtectedQueryCommand({
        type: "SQL",
        membershipIdentifier: runner.membershipId!,
        sqlParameters: { queryString: "SELECT COUNT(*) FROM exposures" },
        resultConfiguration: { outputConfiguration: { member: { accountId: runner.accountId } } },
        queryComputePayerAccountId: payer,
      }),
    );
    return out.protectedQuery!;
  }

  it("resolves a federated payer that is not the runner", async () => {
    const payer = expectedCandidates(retail, "QUERY_COMPUTE").find((a) => a !== runner.accountId && isFederated(a))!;
    const q = await startQuery(payer);
    const d = await data(`query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { ${RUN} } }`, { m: runner.membershipId, id: q.id });
    const m = memberOf(retail, payer);
    expect(d.protectedQuery).toEqual({
      id: q.id,
      payerAccountId: payer,
      payer: { accountId: payer, displayName: m.displayName, isFederated: true, membership: { id: m.membershipId } },
      receivers: [{ accountId: runner.accountId }],
    });
  });

  it("resolves a payer the gateway does not federate, once a change request made it a candidate", async () => {
    // The pending request that makes the partner a query-compute payer in the collaboration.
    const partner = nonFederatedIds[0];
    const request = retail.changeRequests.find(
      (r) => r.status === "PENDING" && r.changes.some((ch) => (ch.specification as { member?: { accountId: string; paymentConfiguration?: unknown } }).member?.paymentConfiguration && (ch.specification as { member: { accountId: string } }).member.accountId === partner),
    )!;
    expect(request, "the demo has a pending request that makes the partner a payer").toBeDefined();
    for (const [voter, vote] of Object.entries(request.approvals)) {
      if (vote !== "PENDING") continue;
      await (await g.t.cleanrooms(voter)).send(
        new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: retail.id, changeRequestIdentifier: request.id, action: "APPROVE" }),
      );
    }
    await (await g.t.cleanrooms(retail.creatorAccountId)).send(
      new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: retail.id, changeRequestIdentifier: request.id, action: "COMMIT" }),
    );

    // The world as the committed request left it.
    const spec = (request.changes[0].specification as { member: { paymentConfiguration: ScenarioCollaboration["members"][number]["paymentConfiguration"] } }).member;
    const after: ScenarioCollaboration = {
      ...retail,
      members: retail.members.map((m) => (m.accountId === partner ? { ...m, paymentConfiguration: spec.paymentConfiguration } : m)),
    };
    const candidates = expectedCandidates(after, "QUERY_COMPUTE");
    expect(candidates).toContain(partner);

    const cr = await data(`query($c: ID!, $id: ID!) { changeRequest(collaborationId: $c, id: $id) { status approvals { accountId status member { isFederated } } } }`, {
      c: retail.id,
      id: request.id,
    });
    expect(cr.changeRequest.status).toBe("COMMITTED");
    expect(cr.changeRequest.approvals.every((a: { status: string }) => a.status === "APPROVED")).toBe(true);

    const c = await data(`query($id: ID!) { collaboration(id: $id) { payerCandidates(costType: QUERY_COMPUTE) { accountId isFederated } defaultPayer(costType: QUERY_COMPUTE) { accountId } } }`, {
      id: retail.id,
    });
    expect(c.collaboration.payerCandidates).toEqual(candidates.map((a) => ({ accountId: a, isFederated: isFederated(a) })));
    expect(c.collaboration.defaultPayer).toEqual(expectedDefaultPayer(after, "QUERY_COMPUTE") ? { accountId: expectedDefaultPayer(after, "QUERY_COMPUTE") } : null);

    const q = await startQuery(partner);
    const expectedPayer = { accountId: partner, displayName: memberOf(retail, partner).displayName, isFederated: false, membership: null };
    const one = await data(`query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { ${RUN} } }`, { m: runner.membershipId, id: q.id });
    expect(one.protectedQuery.payer).toEqual(expectedPayer);
    expect(one.protectedQuery.payerAccountId).toBe(partner);

    const list = await data(`query($m: ID!) { membership(id: $m) { protectedQueries { nodes { ${RUN} } } } }`, { m: runner.membershipId });
    const fromList = list.membership.protectedQueries.nodes.find((n: { id: string }) => n.id === q.id);
    expect(fromList).toEqual(one.protectedQuery);
  });

  it("resolves a job payer the gateway does not federate, once it joined as a job-compute candidate", async () => {
    const partner = nonFederatedIds[0];
    const spark = visibleCollaborations.find((c) => c.members.some((m) => (m.abilities as string[]).includes("CAN_RUN_JOB") && isFederated(m.accountId)))!;
    const jobRunner = spark.members.find((m) => (m.abilities as string[]).includes("CAN_RUN_JOB") && isFederated(m.accountId))!;
    expect(spark.members.some((m) => m.accountId === partner), "the partner is not yet in the job collaboration").toBe(false);
    const payment = { queryCompute: { isResponsible: false }, jobCompute: { isResponsible: true } };
    const change: ChangeInput = {
      specificationType: "MEMBER",
      specification: { member: { accountId: partner, memberAbilities: ["CAN_RECEIVE_RESULTS"], displayName: "Measurement partner", paymentConfiguration: payment } },
    };
    const creator = await g.t.cleanrooms(spark.creatorAccountId);
    const created = (await creator.send(new CreateCollaborationChangeRequestCommand({ collaborationIdentifier: spark.id, changes: [change] }))).collaborationChangeRequest!;
    for (const [voter, vote] of Object.entries(created.approvals ?? {})) {
      if (vote.status !== "PENDING") continue;
      await (await g.t.cleanrooms(voter)).send(
        new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: spark.id, changeRequestIdentifier: created.id!, action: "APPROVE" }),
      );
    }
    await creator.send(new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: spark.id, changeRequestIdentifier: created.id!, action: "COMMIT" }));
    await (await g.t.cleanrooms(partner)).send(
      new CreateMembershipCommand({ collaborationIdentifier: spark.id, queryLogStatus: "DISABLED", paymentConfiguration: payment }),
    );

    const template = world.protectedJobs.find((j) => j.membershipId === jobRunner.membershipId)!.analysisTemplateArn;
    const job = (
      await (await g.t.cleanrooms(jobRunner.accountId)).send(
        new StartProtectedJobCommand({
          type: "PYSPARK",
          membershipIdentifier: jobRunner.membershipId!,
          jobParameters: { analysisTemplateArn: template },
          jobComputePayerAccountId: partner,
        }),
      )
    ).protectedJob!;

    const d = await data(
      `query($m: ID!, $id: ID!) { protectedJob(membershipId: $m, id: $id) { ${RUN} }
        collaboration(id: "${spark.id}") { payerCandidates(costType: JOB_COMPUTE) { accountId } members { accountId isFederated membership { id } } } }`,
      { m: jobRunner.membershipId, id: job.id },
    );
    expect(d.protectedJob.payerAccountId).toBe(partner);
    expect(d.protectedJob.payer).toEqual({ accountId: partner, displayName: "Measurement partner", isFederated: false, membership: null });
    expect(d.collaboration.payerCandidates.map((m: { accountId: string }) => m.accountId)).toContain(partner);
    expect(d.collaboration.members.find((m: { accountId: string }) => m.accountId === partner)).toEqual({ accountId: partner, isFederated: false, membership: null });
  });
});
