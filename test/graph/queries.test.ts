/**
 * Every Query field of the contract, with its nested fields, over real HTTP
 * against the emulator's demo world. Expected values come from demo.json
 * (test/graph/demo-world.ts), never from a response.
 */
import "../../src/aws/sdk-overlay";
import { StartProtectedJobCommand, StartProtectedQueryCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RUN_SCHEDULE } from "../../src/emulator/server";
import { stateFromScenario } from "../../src/emulator/state";
import { startTestGateway, type TestGateway } from "../support/gateway";
import {
  MEMBER,
  PAYMENT,
  TERMINAL,
  allMemberships,
  collaborationById,
  federatedIds,
  federatedMembershipIds,
  isFederated,
  iso,
  memberOf,
  memberView,
  membershipById,
  membershipsOf,
  nonFederatedIds,
  paymentView,
  s3Location,
  sorted,
  visibleCollaborations,
  world,
  type ScenarioCollaboration,
} from "./demo-world";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());

const UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000";

/** A query that must answer without errors. */
async function data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await g.gql<T>(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!;
}

const collaborationArn = (c: ScenarioCollaboration) => `arn:aws:cleanrooms:${world.region}:${c.creatorAccountId}:collaboration/${c.id}`;
const membershipArn = (accountId: string, id: string) => `arn:aws:cleanrooms:${world.region}:${accountId}:membership/${id}`;

/** A membership's own fields (not its account or collaboration), as the scenario has them. */
const membershipView = (m: (typeof allMemberships)[number]) => ({
  id: m.id,
  arn: membershipArn(m.accountId, m.id),
  status: "ACTIVE",
  memberAbilities: m.member.abilities,
  mlMemberAbilities: m.member.mlAbilities,
  paymentConfiguration: paymentView(m.member.paymentConfiguration),
  queryLogStatus: m.collaboration.queryLogStatus,
  jobLogStatus: m.collaboration.jobLogStatus ?? null,
});

describe("accounts and account", () => {
  it("lists the federated accounts, each available", async () => {
    const d = await data("{ accounts { accountId alias region status } }");
    expect(d.accounts).toEqual(
      world.accounts.filter((a) => a.federated).map((a) => ({ accountId: a.accountId, alias: a.alias, region: world.region, status: "AVAILABLE" })),
    );
  });

  it("finds each federated account by id", async () => {
    for (const a of world.accounts.filter((x) => x.federated)) {
      const d = await data("query($id: String!) { account(accountId: $id) { accountId alias region status } }", { id: a.accountId });
      expect(d.account).toEqual({ accountId: a.accountId, alias: a.alias, region: world.region, status: "AVAILABLE" });
    }
  });

  it("answers null, without an error, for an account it does not federate or that does not exist", async () => {
    for (const id of [...nonFederatedIds, "000000000000", "not-an-account"]) {
      const d = await data("query($id: String!) { account(accountId: $id) { accountId } }", { id });
      expect(d.account).toBeNull();
    }
  });

  it("lists each account's memberships with their fields", async () => {
    const d = await data(`{ accounts { accountId memberships { nodes {
      id arn status memberAbilities mlMemberAbilities paymentConfiguration { ${PAYMENT} } queryLogStatus jobLogStatus
      account { accountId alias } collaboration { id name creatorAccountId creatorDisplayName }
    } } } }`);
    for (const account of d.accounts) {
      const expected = membershipsOf(account.accountId).map((m) => ({
        ...membershipView(m),
        account: { accountId: m.accountId, alias: world.accounts.find((a) => a.accountId === m.accountId)!.alias },
        collaboration: {
          id: m.collaboration.id,
          name: m.collaboration.name,
          creatorAccountId: m.collaboration.creatorAccountId,
          creatorDisplayName: memberOf(m.collaboration, m.collaboration.creatorAccountId).displayName,
        },
      }));
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      expect([...account.memberships.nodes].sort(byId)).toEqual(expected.sort(byId));
    }
  });

  it("filters an account's memberships by status", async () => {
    const d = await data(`{ accounts { accountId active: memberships(status: ACTIVE) { nodes { id } } removed: memberships(status: REMOVED) { nodes { id } } } }`);
    for (const a of d.accounts) {
      expect(sorted(a.active.nodes.map((n: { id: string }) => n.id))).toEqual(sorted(membershipsOf(a.accountId).map((m) => m.id)));
      expect(a.removed.nodes).toEqual([]);
    }
  });
});

const COLLABORATION = `id arn name description creatorAccountId creatorDisplayName createTime updateTime analyticsEngine autoApprovedChangeTypes
  creator { ${MEMBER} } members { ${MEMBER} } memberships { id account { accountId } collaboration { id } }`;

function collaborationView(c: ScenarioCollaboration) {
  return {
    id: c.id,
    arn: collaborationArn(c),
    name: c.name,
    description: c.description ?? null,
    creatorAccountId: c.creatorAccountId,
    creatorDisplayName: memberOf(c, c.creatorAccountId).displayName,
    createTime: iso(c.createTime),
    // Nothing in the scenario has changed a collaboration since it was created.
    updateTime: iso(c.createTime),
    analyticsEngine: c.analyticsEngine ?? null,
    autoApprovedChangeTypes: c.autoApprovedChangeTypes,
    creator: memberView(memberOf(c, c.creatorAccountId)),
    members: c.members.map(memberView),
    memberships: federatedMembershipIds(c).map((id) => ({ id, account: { accountId: membershipById(id).accountId }, collaboration: { id: c.id } })),
  };
}

describe("collaborations and collaboration", () => {
  it("lists every collaboration a federated account sees, once each, newest first", async () => {
    const d = await data(`{ collaborations { nodes { ${COLLABORATION} } pageInfo { hasNextPage } } }`);
    expect(d.collaborations.nodes).toEqual(visibleCollaborations.map(collaborationView));
    expect(d.collaborations.pageInfo.hasNextPage).toBe(false);
  });

  it("reads each collaboration by id with every field", async () => {
    for (const c of visibleCollaborations) {
      const d = await data(`query($id: ID!) { collaboration(id: $id) { ${COLLABORATION} } }`, { id: c.id });
      expect(d.collaboration).toEqual(collaborationView(c));
    }
  });

  it("answers null for an unknown or malformed id, with no error that reveals anything", async () => {
    for (const id of [UNKNOWN_UUID, "not-a-collaboration", ""]) {
      const res = await g.gql(`query($id: ID!) { collaboration(id: $id) { id name } }`, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ collaboration: null });
    }
  });

  it("resolves a creator the gateway does not federate as a member without a membership", async () => {
    const c = visibleCollaborations.find((x) => !isFederated(x.creatorAccountId))!;
    expect(c, "the demo has a collaboration created by a non-federated account").toBeDefined();
    const d = await data(`query($id: ID!) { collaboration(id: $id) { creator { accountId isFederated membership { id } } } }`, { id: c.id });
    expect(d.collaboration.creator).toEqual({ accountId: c.creatorAccountId, isFederated: false, membership: null });
  });

  it("lists change requests, filtered by status", async () => {
    for (const c of visibleCollaborations) {
      const statuses = ["PENDING", "APPROVED", "CANCELLED", "DENIED", "COMMITTED"];
      const fields = statuses.map((s) => `${s}: changeRequests(status: ${s}) { nodes { id status } }`).join(" ");
      const d = await data(`query($id: ID!) { collaboration(id: $id) { all: changeRequests { nodes { id status collaborationId } } ${fields} } }`, {
        id: c.id,
      });
      expect(sorted(d.collaboration.all.nodes.map((n: { id: string }) => n.id))).toEqual(sorted(c.changeRequests.map((r) => r.id)));
      for (const n of d.collaboration.all.nodes) expect(n.collaborationId).toBe(c.id);
      for (const s of statuses) {
        expect(d.collaboration[s].nodes).toEqual(
          expect.arrayContaining(c.changeRequests.filter((r) => r.status === s).map((r) => ({ id: r.id, status: s }))),
        );
        expect(d.collaboration[s].nodes).toHaveLength(c.changeRequests.filter((r) => r.status === s).length);
      }
    }
  });
});

describe("membership", () => {
  const MEMBERSHIP = `id arn status memberAbilities mlMemberAbilities paymentConfiguration { ${PAYMENT} } queryLogStatus jobLogStatus
    account { accountId status } collaboration { id name creatorAccountId analyticsEngine }`;

  it("reads every membership of a federated account by id", async () => {
    for (const m of allMemberships.filter((x) => isFederated(x.accountId))) {
      const d = await data(`query($id: ID!) { membership(id: $id) { ${MEMBERSHIP} } }`, { id: m.id });
      expect(d.membership).toEqual({
        ...membershipView(m),
        account: { accountId: m.accountId, status: "AVAILABLE" },
        collaboration: {
          id: m.collaboration.id,
          name: m.collaboration.name,
          creatorAccountId: m.collaboration.creatorAccountId,
          analyticsEngine: m.collaboration.analyticsEngine ?? null,
        },
      });
    }
  });

  it("answers null for a membership of an account it does not federate, and for an unknown id", async () => {
    const foreign = allMemberships.filter((x) => !isFederated(x.accountId)).map((m) => m.id);
    expect(foreign.length).toBeGreaterThan(0);
    for (const id of [...foreign, UNKNOWN_UUID, "garbage"]) {
      const res = await g.gql(`query($id: ID!) { membership(id: $id) { id } }`, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ membership: null });
    }
  });

  it("reaches a collaboration's members through a membership", async () => {
    for (const m of allMemberships.filter((x) => isFederated(x.accountId))) {
      const d = await data(`query($id: ID!) { membership(id: $id) { collaboration { members { ${MEMBER} } memberships { id } } } }`, { id: m.id });
      expect(d.membership.collaboration.members).toEqual(m.collaboration.members.map(memberView));
      expect(d.membership.collaboration.memberships.map((x: { id: string }) => x.id)).toEqual(federatedMembershipIds(m.collaboration));
    }
  });

  it("filters protected queries and jobs by status", async () => {
    const qStatuses = ["SUBMITTED", "STARTED", "CANCELLED", "CANCELLING", "FAILED", "SUCCESS", "TIMED_OUT"];
    const jStatuses = ["SUBMITTED", "STARTED", "CANCELLED", "CANCELLING", "FAILED", "SUCCESS"];
    for (const m of allMemberships.filter((x) => isFederated(x.accountId))) {
      const q = qStatuses.map((s) => `q${s}: protectedQueries(status: ${s}) { nodes { id status membershipId } }`).join(" ");
      const j = jStatuses.map((s) => `j${s}: protectedJobs(status: ${s}) { nodes { id status membershipId } }`).join(" ");
      const d = await data(`query($id: ID!) { membership(id: $id) { qAll: protectedQueries { nodes { id } } jAll: protectedJobs { nodes { id } } ${q} ${j} } }`, {
        id: m.id,
      });
      const queries = world.protectedQueries.filter((x) => x.membershipId === m.id);
      const jobs = world.protectedJobs.filter((x) => x.membershipId === m.id);
      expect(sorted(d.membership.qAll.nodes.map((n: { id: string }) => n.id))).toEqual(sorted(queries.map((x) => x.id)));
      expect(sorted(d.membership.jAll.nodes.map((n: { id: string }) => n.id))).toEqual(sorted(jobs.map((x) => x.id)));
      const view = (id: string, status: string) => ({ id, status, membershipId: m.id });
      const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
      for (const s of qStatuses) {
        expect([...d.membership[`q${s}`].nodes].sort(byId)).toEqual(queries.filter((x) => x.status === s).map((x) => view(x.id, s)).sort(byId));
      }
      for (const s of jStatuses) {
        expect([...d.membership[`j${s}`].nodes].sort(byId)).toEqual(jobs.filter((x) => x.status === s).map((x) => view(x.id, s)).sort(byId));
      }
    }
  });
});

describe("changeRequest", () => {
  // The change types a seeded change amounts to are the emulator's rule (rules/change-requests.ts): read them off its world.
  const seeded = stateFromScenario(world);
  const CHANGE_REQUEST = `id collaborationId collaboration { id name } status isAutoApproved createTime updateTime
    changes { specificationType types
      member { accountId memberAbilities mlMemberAbilities paymentConfiguration { ${PAYMENT} } displayName member { accountId displayName isFederated membership { id } } }
      collaboration { autoApprovedChangeTypes } }
    approvals { accountId status member { ${MEMBER} } }`;

  it("reads every change request with its changes and approvals, members resolved", async () => {
    for (const c of visibleCollaborations) {
      for (const r of c.changeRequests) {
        const d = await data(`query($c: ID!, $id: ID!) { changeRequest(collaborationId: $c, id: $id) { ${CHANGE_REQUEST} } }`, { c: c.id, id: r.id });
        const types = seeded.changeRequests.get(r.id)!.changes.map((ch) => ch.types);
        expect(d.changeRequest).toEqual({
          id: r.id,
          collaborationId: c.id,
          collaboration: { id: c.id, name: c.name },
          status: r.status,
          isAutoApproved: false,
          createTime: iso(r.createTime),
          updateTime: iso(r.createTime),
          changes: r.changes.map((ch, i) => {
            const spec = ch.specification as { member?: Record<string, any>; collaboration?: { autoApprovedChangeTypes: string[] } };
            const target = spec.member && c.members.find((m) => m.accountId === spec.member!.accountId);
            return {
              specificationType: ch.specificationType,
              types: types[i],
              member: spec.member
                ? {
                    accountId: spec.member.accountId,
                    memberAbilities: spec.member.memberAbilities,
                    mlMemberAbilities: spec.member.mlMemberAbilities?.customMLMemberAbilities ?? null,
                    paymentConfiguration: spec.member.paymentConfiguration ? paymentView(spec.member.paymentConfiguration) : null,
                    displayName: spec.member.displayName ?? null,
                    member: target
                      ? {
                          accountId: target.accountId,
                          displayName: target.displayName,
                          isFederated: isFederated(target.accountId),
                          membership: target.membershipId && isFederated(target.accountId) ? { id: target.membershipId } : null,
                        }
                      : null,
                  }
                : null,
              collaboration: spec.collaboration ? { autoApprovedChangeTypes: spec.collaboration.autoApprovedChangeTypes } : null,
            };
          }),
          approvals: Object.entries(r.approvals)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([accountId, status]) => ({ accountId, status, member: memberView(memberOf(c, accountId)) })),
        });
      }
    }
  });

  it("answers null for an unknown change request or collaboration", async () => {
    const c = visibleCollaborations[0];
    for (const [collaborationId, id] of [
      [c.id, UNKNOWN_UUID],
      [UNKNOWN_UUID, c.changeRequests[0].id],
    ]) {
      const res = await g.gql(`query($c: ID!, $id: ID!) { changeRequest(collaborationId: $c, id: $id) { id } }`, { c: collaborationId, id });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ changeRequest: null });
    }
  });
});

/** Seeded runs are frozen at their scenario status; they start and finish at their creation time. */
const seededStatistics = (status: string) => (TERMINAL.has(status) ? { totalDurationInMillis: 0, billedResourceUtilization: { units: 0 } } : null);
const brief = (accountId: string, membershipId: string) => {
  const c = membershipById(membershipId).collaboration;
  const m = memberOf(c, accountId);
  return { accountId, displayName: m.displayName, isFederated: isFederated(accountId) };
};

/** The fields of a run that every kind has, selected and expected alike. */
const RUN_FIELDS = `id membershipId membership { id account { accountId } collaboration { id } } status createTime payerAccountId
    computeConfiguration { worker { type number } } statistics { totalDurationInMillis billedResourceUtilization { units } }
    result { output { s3 { location } memberList { accountId displayName isFederated } } }
    error { code message }
    receivers { accountId displayName isFederated } payer { accountId displayName isFederated }`;

/** A seeded run as RUN_FIELDS read it, but its error and result (which differ by status and kind). */
function seededRunView(r: { id: string; membershipId: string; status: string; createTime: string; payerAccountId: string }, receiver: string) {
  const holder = membershipById(r.membershipId);
  return {
    id: r.id,
    membershipId: r.membershipId,
    membership: { id: r.membershipId, account: { accountId: holder.accountId }, collaboration: { id: holder.collaboration.id } },
    status: r.status,
    createTime: iso(r.createTime),
    payerAccountId: r.payerAccountId,
    computeConfiguration: null,
    statistics: seededStatistics(r.status),
    receivers: [brief(receiver, r.membershipId)],
    payer: brief(r.payerAccountId, r.membershipId),
  };
}

/** A seeded run's error: there, with a code and a message, exactly when it FAILED. */
function expectSeededError(status: string, error: unknown) {
  if (status === "FAILED") expect(error).toEqual({ code: expect.stringMatching(/\S/), message: expect.stringMatching(/\S/) });
  else expect(error).toBeNull();
}

/** What a kind's Query field answers whatever the kind: by id as in its membership's list, and null for what it cannot see. */
function readsLikeAnyRun(field: "protectedQuery" | "protectedJob", list: "protectedQueries" | "protectedJobs", seeded: readonly { id: string; membershipId: string }[], fields: string) {
  it("answers the same fields from a list as from a read by id", async () => {
    const membershipId = seeded[0].membershipId;
    const d = await data(`query($m: ID!) { membership(id: $m) { ${list} { nodes { ${fields} } } } }`, { m: membershipId });
    expect(d.membership[list].nodes).toHaveLength(seeded.filter((r) => r.membershipId === membershipId).length);
    for (const node of d.membership[list].nodes) {
      const one = await data(`query($m: ID!, $id: ID!) { ${field}(membershipId: $m, id: $id) { ${fields} } }`, { m: membershipId, id: node.id });
      expect(node).toEqual(one[field]);
    }
  });

  it("answers null for an unknown id, a membership it does not hold, or an unknown membership", async () => {
    const r = seeded[0];
    const foreign = allMemberships.find((x) => !isFederated(x.accountId))!.id;
    for (const [m, id] of [
      [r.membershipId, UNKNOWN_UUID],
      [foreign, r.id],
      [UNKNOWN_UUID, r.id],
    ]) {
      const res = await g.gql(`query($m: ID!, $id: ID!) { ${field}(membershipId: $m, id: $id) { id } }`, { m, id });
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({ [field]: null });
    }
  });
}

describe("protectedQuery", () => {
  const QUERY = `${RUN_FIELDS} sqlParameters { queryString analysisTemplateArn parameters { key value } }`;

  it("reads every seeded query with every field", async () => {
    for (const q of world.protectedQueries) {
      const d = await data(`query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { ${QUERY} } }`, { m: q.membershipId, id: q.id });
      const toMember = "memberAccountId" in q.output ? q.output.memberAccountId : undefined;
      const { error, ...rest } = d.protectedQuery;
      const s3 = () => ({ location: s3Location(q.id, (q.output as { s3Bucket: string }).s3Bucket, (q.output as { keyPrefix?: string }).keyPrefix) });
      const output = toMember ? { s3: null, memberList: [brief(toMember, q.membershipId)] } : { s3: s3(), memberList: null };
      expect(rest).toEqual({
        ...seededRunView(q, toMember ?? membershipById(q.membershipId).accountId),
        sqlParameters: { queryString: q.queryString, analysisTemplateArn: null, parameters: null },
        result: q.status === "SUCCESS" ? { output } : null,
      });
      expectSeededError(q.status, error);
    }
  });

  readsLikeAnyRun("protectedQuery", "protectedQueries", world.protectedQueries, QUERY);
});

describe("protectedJob", () => {
  const JOB = `${RUN_FIELDS} jobParameters { analysisTemplateArn parameters { key value } }`;

  it("reads every seeded job with every field", async () => {
    for (const j of world.protectedJobs) {
      const d = await data(`query($m: ID!, $id: ID!) { protectedJob(membershipId: $m, id: $id) { ${JOB} } }`, { m: j.membershipId, id: j.id });
      const { error, ...rest } = d.protectedJob;
      expect(rest).toEqual({
        ...seededRunView(j, j.receiverAccountId),
        jobParameters: { analysisTemplateArn: j.analysisTemplateArn, parameters: null },
        result: j.status === "SUCCESS" ? { output: { s3: null, memberList: [brief(j.receiverAccountId, j.membershipId)] } } : null,
      });
      expectSeededError(j.status, error);
    }
  });

  readsLikeAnyRun("protectedJob", "protectedJobs", world.protectedJobs, JOB);
});

describe("runs started in the emulator (they follow its clock)", () => {
  afterAll(() => g.t.reset());
  const HOUR_MS = 3_600_000;
  const { startAfterMs, finishAfterMs } = DEFAULT_RUN_SCHEDULE;
  const RUN = `status computeConfiguration { worker { type number properties { key value } } }
    statistics { totalDurationInMillis billedResourceUtilization { units } }
    result { output { s3 { location } memberList { accountId isFederated membership { id } } } }
    error { code message } receivers { accountId isFederated } payer { accountId isFederated } payerAccountId`;

  it("answers a query's parameters, compute, statistics, distributed result and receivers as it runs", async () => {
    const receives = (m: ScenarioCollaboration["members"][number]) => m.status === "ACTIVE" && (m.abilities as string[]).includes("CAN_RECEIVE_RESULTS");
    const retail = visibleCollaborations.find(
      (c) => c.members.some((m) => receives(m) && !isFederated(m.accountId)) && c.members.some((m) => receives(m) && (m.abilities as string[]).includes("CAN_QUERY") && isFederated(m.accountId)),
    )!;
    const runner = retail.members.find((m) => (m.abilities as string[]).includes("CAN_QUERY") && isFederated(m.accountId))!;
    const others = retail.members.filter((m) => m.accountId !== runner.accountId && m.status === "ACTIVE" && (m.abilities as string[]).includes("CAN_RECEIVE_RESULTS"));
    expect(others.some((m) => !isFederated(m.accountId)), "a receiver the gateway does not federate").toBe(true);
    const payer = runner.paymentConfiguration.queryCompute.isResponsible ? runner.accountId : retail.members.find((m) => m.paymentConfiguration.queryCompute.isResponsible)!.accountId;
    const workers = { type: "CR.4X" as const, number: 3 };
    const q = (
      await (await g.t.cleanrooms(runner.accountId)).send(
        new StartProtectedQueryCommand({
          type: "SQL",
          membershipIdentifier: runner.membershipId!,
          sqlParameters: { queryString: "SELECT :b, :a", parameters: { b: "2", a: "1" } },
          computeConfiguration: { worker: workers },
          resultConfiguration: {
            outputConfiguration: {
              distribute: {
                locations: [{ s3: { resultFormat: "CSV", bucket: "results-bucket", keyPrefix: "/runs/" } }, ...others.map((m) => ({ member: { accountId: m.accountId } }))],
              },
            },
          },
          queryComputePayerAccountId: payer,
        }),
      )
    ).protectedQuery!;
    const read = async () =>
      (await data(`query($m: ID!, $id: ID!) { protectedQuery(membershipId: $m, id: $id) { sqlParameters { queryString parameters { key value } } ${RUN} } }`, {
        m: runner.membershipId,
        id: q.id,
      })).protectedQuery;
    const fromList = async () =>
      (await data(`query($m: ID!) { membership(id: $m) { protectedQueries { nodes { id ${RUN} } } } }`, { m: runner.membershipId })).membership.protectedQueries.nodes.find(
        (n: { id: string }) => n.id === q.id,
      );
    const receivers = [runner, ...others].map((m) => ({ accountId: m.accountId, isFederated: isFederated(m.accountId) }));
    const common = {
      computeConfiguration: { worker: { type: "CR_4X", number: workers.number, properties: null } },
      error: null,
      receivers,
      payer: { accountId: payer, isFederated: isFederated(payer) },
      payerAccountId: payer,
    };

    const submitted = await read();
    expect(submitted).toEqual({
      sqlParameters: { queryString: "SELECT :b, :a", parameters: [{ key: "a", value: "1" }, { key: "b", value: "2" }] },
      status: "SUBMITTED",
      statistics: null,
      result: null,
      ...common,
    });
    await g.t.advance(startAfterMs);
    expect((await read()).status).toBe("STARTED");
    await g.t.advance(finishAfterMs - startAfterMs);
    const done = await read();
    const { sqlParameters: _p, ...doneFields } = done;
    expect(doneFields).toEqual({
      status: "SUCCESS",
      statistics: { totalDurationInMillis: finishAfterMs, billedResourceUtilization: { units: (workers.number * 4 * (finishAfterMs - startAfterMs)) / HOUR_MS } },
      result: {
        output: {
          s3: { location: s3Location(q.id!, "results-bucket", "/runs/") },
          memberList: others.map((m) => ({ accountId: m.accountId, isFederated: isFederated(m.accountId), membership: isFederated(m.accountId) ? { id: m.membershipId } : null })),
        },
      },
      ...common,
    });
    const { id: _id, ...listed } = await fromList();
    expect(listed).toEqual(doneFields);
  });

  it("answers a job's parameters, compute, failure and receiver", async () => {
    const spark = visibleCollaborations.find((c) => c.members.some((m) => (m.abilities as string[]).includes("CAN_RUN_JOB") && isFederated(m.accountId)))!;
    const runner = spark.members.find((m) => (m.abilities as string[]).includes("CAN_RUN_JOB") && isFederated(m.accountId))!;
    const receiver = spark.members.find((m) => m.accountId !== runner.accountId && m.status === "ACTIVE" && (m.abilities as string[]).includes("CAN_RECEIVE_RESULTS"))!;
    const template = world.protectedJobs.find((j) => j.membershipId === runner.membershipId)!.analysisTemplateArn;
    const client = await g.t.cleanrooms(runner.accountId);
    const start = async (parameters: Record<string, string>) =>
      (
        await client.send(
          new StartProtectedJobCommand({
            type: "PYSPARK",
            membershipIdentifier: runner.membershipId!,
            jobParameters: { analysisTemplateArn: template, parameters },
            computeConfiguration: { worker: { type: "CR.1X", number: 4, properties: { spark: { "spark.executor.memory": "4g" } } } },
            resultConfiguration: { outputConfiguration: { member: { accountId: receiver.accountId } } },
          }),
        )
      ).protectedJob!;
    const ok = await start({ day: "2026-11-26" });
    const failing = await start({ day: "EMULATOR_FAIL" });
    await g.t.advance(finishAfterMs);
    const JOB = `jobParameters { analysisTemplateArn parameters { key value } } ${RUN}`;
    const d = await data(
      `query($m: ID!, $ok: ID!, $bad: ID!) { ok: protectedJob(membershipId: $m, id: $ok) { ${JOB} } bad: protectedJob(membershipId: $m, id: $bad) { ${JOB} } }`,
      { m: runner.membershipId, ok: ok.id, bad: failing.id },
    );
    const payer = expectedDefaultPayerOf(spark);
    const common = {
      computeConfiguration: { worker: { type: "CR_1X", number: 4, properties: [{ key: "spark.executor.memory", value: "4g" }] } },
      statistics: { totalDurationInMillis: finishAfterMs, billedResourceUtilization: { units: (4 * 1 * (finishAfterMs - startAfterMs)) / HOUR_MS } },
      receivers: [{ accountId: receiver.accountId, isFederated: isFederated(receiver.accountId) }],
      payer: { accountId: payer, isFederated: isFederated(payer) },
      payerAccountId: payer,
    };
    expect(d.ok).toEqual({
      jobParameters: { analysisTemplateArn: template, parameters: [{ key: "day", value: "2026-11-26" }] },
      status: "SUCCESS",
      result: { output: { s3: null, memberList: [{ accountId: receiver.accountId, isFederated: isFederated(receiver.accountId), membership: { id: receiver.membershipId } }] } },
      error: null,
      ...common,
    });
    expect(d.bad).toEqual({
      jobParameters: { analysisTemplateArn: template, parameters: [{ key: "day", value: "EMULATOR_FAIL" }] },
      status: "FAILED",
      result: null,
      error: { code: "EMULATOR_INJECTED_FAILURE", message: expect.stringMatching(/\S/) },
      ...common,
    });
  });
});

/** The job-compute payer when none is named: the single candidate (the demo's job collaboration has one). */
function expectedDefaultPayerOf(c: ScenarioCollaboration): string {
  const candidates = c.members.filter((m) => m.status === "ACTIVE" && m.paymentConfiguration.jobCompute?.isResponsible).map((m) => m.accountId);
  expect(candidates).toHaveLength(1);
  return candidates[0];
}

it("covers every federated account and every seeded resource kind (the demo is not empty)", () => {
  expect(federatedIds.length).toBeGreaterThan(1);
  expect(world.protectedQueries.length).toBeGreaterThan(0);
  expect(world.protectedJobs.length).toBeGreaterThan(0);
  expect(collaborationById(visibleCollaborations[0].id)).toBeDefined();
});
