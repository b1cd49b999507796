import "../../src/aws/sdk-overlay";
import {
  CreateCollaborationChangeRequestCommand,
  GetCollaborationChangeRequestCommand,
  GetMembershipCommand,
  ListCollaborationChangeRequestsCommand,
  ListCollaborationsCommand,
  ListMembersCommand,
  UpdateCollaborationChangeRequestCommand,
  type ChangeInput,
  type CollaborationChangeRequest,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());
beforeEach(() => t.reset());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NEW_ACCOUNT = "555555555555";

interface Refusal {
  name: string;
  reason?: string;
  fieldList?: { name: string; message: string }[];
  resourceType?: string;
  $metadata: { httpStatusCode?: number };
}

async function refusal(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (e) {
    return e as Refusal;
  }
  throw new Error("expected the call to be refused");
}

async function expectRefused(p: Promise<unknown>, name: string, status: number, reason?: string): Promise<Refusal> {
  const e = await refusal(p);
  expect({ name: e.name, status: e.$metadata.httpStatusCode }).toEqual({ name, status });
  if (reason) expect(e.reason).toBe(reason);
  return e;
}

const create = async (accountId: string, collaborationIdentifier: string, changes: ChangeInput[]) =>
  (await (await t.cleanrooms(accountId)).send(new CreateCollaborationChangeRequestCommand({ collaborationIdentifier, changes }))).collaborationChangeRequest!;

const act = async (accountId: string, collaborationIdentifier: string, changeRequestIdentifier: string, action: "APPROVE" | "DENY" | "CANCEL" | "COMMIT") =>
  (await (await t.cleanrooms(accountId)).send(new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier, changeRequestIdentifier, action })))
    .collaborationChangeRequest!;

const get = async (accountId: string, collaborationIdentifier: string, changeRequestIdentifier: string) =>
  (await (await t.cleanrooms(accountId)).send(new GetCollaborationChangeRequestCommand({ collaborationIdentifier, changeRequestIdentifier })))
    .collaborationChangeRequest!;

const members = async (accountId: string, collaborationIdentifier: string) =>
  (await (await t.cleanrooms(accountId)).send(new ListMembersCommand({ collaborationIdentifier }))).memberSummaries!;

const requests = async (accountId: string, collaborationIdentifier: string) =>
  (await (await t.cleanrooms(accountId)).send(new ListCollaborationChangeRequestsCommand({ collaborationIdentifier }))).collaborationChangeRequestSummaries!;

const status = (r: CollaborationChangeRequest) => r.status;
const votes = (r: CollaborationChangeRequest) => Object.fromEntries(Object.entries(r.approvals!).map(([a, v]) => [a, v.status]));

/** Retail media: 222 loses its model output ability (not auto-approved there). */
const revokeModelOutput: ChangeInput = {
  specificationType: "MEMBER",
  specification: { member: { accountId: demo.analytics, memberAbilities: ["CAN_RECEIVE_RESULTS"], mlMemberAbilities: { customMLMemberAbilities: [] } } },
};
/** Audience insights (creator 333, voters 333 and 111; 222 only invited): add a new account. */
const addNewAccount: ChangeInput = {
  specificationType: "MEMBER",
  specification: { member: { accountId: NEW_ACCOUNT, memberAbilities: ["CAN_RECEIVE_RESULTS"], displayName: "Agency" } },
};

describe("creating a change request", () => {
  it("lets the creator submit; every active member votes, the creator has approved", async () => {
    const r = await create(demo.advertiser, demo.retailMedia, [revokeModelOutput]);
    expect(r.id).toMatch(UUID);
    expect(r).toEqual({
      id: r.id,
      collaborationId: demo.retailMedia,
      createTime: r.createTime,
      updateTime: r.createTime,
      status: "PENDING",
      isAutoApproved: false,
      changes: [{ ...revokeModelOutput, types: ["REVOKE_CAN_RECEIVE_MODEL_OUTPUT"] }],
      approvals: {
        [demo.advertiser]: { status: "APPROVED" },
        [demo.analytics]: { status: "PENDING" },
        [demo.publisher]: { status: "PENDING" },
        [demo.partner]: { status: "PENDING" },
      },
    });
    // Any member reads it back as created.
    expect(await get(demo.partner, demo.retailMedia, r.id!)).toEqual(r);
  });

  it("leaves invited members out of the vote", async () => {
    const r = await create(demo.publisher, demo.audienceInsights, [addNewAccount]);
    expect(r.changes![0].types).toEqual(["ADD_MEMBER"]);
    expect(votes(r)).toEqual({ [demo.publisher]: "APPROVED", [demo.advertiser]: "PENDING" });
  });

  it("refuses members who did not create the collaboration, and non-members", async () => {
    await expectRefused(create(demo.analytics, demo.retailMedia, [revokeModelOutput]), "AccessDeniedException", 403);
    await expectRefused(create(demo.partner, demo.audienceInsights, [addNewAccount]), "AccessDeniedException", 403);
  });

  it("answers ResourceNotFoundException for an unknown collaboration", async () => {
    const e = await expectRefused(create(demo.advertiser, "aaaaaaaa-0009-4000-8000-000000000009", [revokeModelOutput]), "ResourceNotFoundException", 404);
    expect(e.resourceType).toBe("COLLABORATION");
  });

  it("names the missing display name of a new member", async () => {
    const noName: ChangeInput = { specificationType: "MEMBER", specification: { member: { accountId: NEW_ACCOUNT, memberAbilities: [] } } };
    const e = await expectRefused(create(demo.publisher, demo.audienceInsights, [noName]), "ValidationException", 400);
    expect(e.fieldList).toEqual([{ name: "changes[0].specification.member.displayName", message: `a display name is required to add account ${NEW_ACCOUNT}` }]);
  });

  it("refuses changes that change nothing, change CAN_QUERY, or mismatch their type", async () => {
    const nothing: ChangeInput = { specificationType: "MEMBER", specification: { member: { accountId: demo.partner, memberAbilities: ["CAN_RECEIVE_RESULTS"] } } };
    const query: ChangeInput = { specificationType: "MEMBER", specification: { member: { accountId: demo.partner, memberAbilities: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"] } } };
    const mismatch: ChangeInput = { specificationType: "COLLABORATION", specification: { member: { accountId: demo.partner, memberAbilities: [] } } };
    const fields = [];
    for (const change of [nothing, query, mismatch]) {
      fields.push((await expectRefused(create(demo.advertiser, demo.retailMedia, [change]), "ValidationException", 400)).fieldList![0].name);
    }
    expect(fields).toEqual(["changes[0].specification.member", "changes[0].specification.member.memberAbilities", "changes[0].specificationType"]);
  });

  it("changes nothing when one change of a request is refused", async () => {
    const before = { members: await members(demo.advertiser, demo.retailMedia), requests: await requests(demo.advertiser, demo.retailMedia) };
    // The first change alone would be auto-approved and take effect at once.
    const grant: ChangeInput = { specificationType: "MEMBER", specification: { member: { accountId: demo.publisher, memberAbilities: ["CAN_RECEIVE_RESULTS"] } } };
    const bad: ChangeInput = { specificationType: "MEMBER", specification: { member: { accountId: NEW_ACCOUNT, memberAbilities: [] } } };
    const e = await expectRefused(create(demo.advertiser, demo.retailMedia, [grant, bad]), "ValidationException", 400);
    expect(e.fieldList![0].name).toBe("changes[1].specification.member.displayName");
    expect({ members: await members(demo.advertiser, demo.retailMedia), requests: await requests(demo.advertiser, demo.retailMedia) }).toEqual(before);
  });
});

describe("auto-approved change requests", () => {
  it("commits a request whose every type is auto-approved, and it takes effect at once", async () => {
    const grant: ChangeInput = { specificationType: "MEMBER", specification: { member: { accountId: demo.publisher, memberAbilities: ["CAN_RECEIVE_RESULTS"] } } };
    const r = await create(demo.advertiser, demo.retailMedia, [grant]);
    expect({ status: r.status, isAutoApproved: r.isAutoApproved, types: r.changes![0].types, votes: votes(r) }).toEqual({
      status: "COMMITTED",
      isAutoApproved: true,
      types: ["GRANT_RECEIVE_RESULTS_ABILITY"],
      votes: { [demo.advertiser]: "APPROVED", [demo.analytics]: "APPROVED", [demo.publisher]: "APPROVED", [demo.partner]: "APPROVED" },
    });
    const publisher = (await members(demo.advertiser, demo.retailMedia)).find((m) => m.accountId === demo.publisher)!;
    expect(publisher.abilities).toEqual(["CAN_RECEIVE_RESULTS"]);
    await expectRefused(act(demo.publisher, demo.retailMedia, r.id!, "APPROVE"), "ConflictException", 409, "INVALID_STATE");
  });

  it("adds a member at once where ADD_MEMBER is auto-approved; the new member is invited", async () => {
    const add: ChangeInput = { specificationType: "MEMBER", specification: { member: { accountId: demo.analytics, memberAbilities: [], displayName: "Analytics" } } };
    const r = await create(demo.partner, demo.partnerPanel, [add]);
    expect([r.status, r.isAutoApproved]).toEqual(["COMMITTED", true]);
    const added = (await members(demo.partner, demo.partnerPanel)).find((m) => m.accountId === demo.analytics)!;
    expect({ status: added.status, displayName: added.displayName, abilities: added.abilities, payment: added.paymentConfiguration }).toEqual({
      status: "INVITED",
      displayName: "Analytics",
      abilities: [],
      payment: { queryCompute: { isResponsible: false } },
    });
    const seen = await (await t.cleanrooms(demo.analytics)).send(new ListCollaborationsCommand({ memberStatus: "INVITED" }));
    expect(seen.collaborationList!.map((c) => c.id).sort()).toEqual([demo.audienceInsights, demo.partnerPanel].sort());
  });

  it("does not auto-approve an auto-approved type combined with another", async () => {
    const grantAndPay: ChangeInput = {
      specificationType: "MEMBER",
      specification: { member: { accountId: demo.publisher, memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration: { queryCompute: { isResponsible: false } } } },
    };
    const r = await create(demo.advertiser, demo.retailMedia, [grantAndPay]);
    expect([r.status, r.isAutoApproved, r.changes![0].types]).toEqual(["PENDING", false, ["GRANT_RECEIVE_RESULTS_ABILITY", "REMOVE_PAYER_CANDIDATE"]]);
    expect((await members(demo.advertiser, demo.retailMedia)).find((m) => m.accountId === demo.publisher)!.abilities).toEqual([]);
  });
});

describe("voting", () => {
  const request = demo.pendingPayerRequest;

  it("derives the seeded request's types", async () => {
    const r = await get(demo.advertiser, demo.retailMedia, request);
    expect(r.changes!.map((c) => c.types)).toEqual([["ADD_PAYER_CANDIDATE"]]);
    const committed = await get(demo.advertiser, demo.retailMedia, "cccccccc-0001-4000-8000-000000000002");
    expect(committed.changes!.map((c) => c.types)).toEqual([["GRANT_RECEIVE_RESULTS_ABILITY"]]);
  });

  it("is APPROVED once every pending member approves", async () => {
    const after222 = await act(demo.analytics, demo.retailMedia, request, "APPROVE");
    const after333 = await act(demo.publisher, demo.retailMedia, request, "APPROVE");
    const after444 = await act(demo.partner, demo.retailMedia, request, "APPROVE");
    expect([after222, after333, after444].map(status)).toEqual(["PENDING", "PENDING", "APPROVED"]);
    expect(votes(after444)).toEqual({ [demo.advertiser]: "APPROVED", [demo.analytics]: "APPROVED", [demo.publisher]: "APPROVED", [demo.partner]: "APPROVED" });
  });

  it("is DENIED as soon as one member denies; later votes are refused", async () => {
    const denied = await act(demo.publisher, demo.retailMedia, request, "DENY");
    expect(status(denied)).toBe("DENIED");
    expect(votes(denied)).toEqual({ [demo.advertiser]: "APPROVED", [demo.analytics]: "PENDING", [demo.publisher]: "DENIED", [demo.partner]: "PENDING" });
    await expectRefused(act(demo.analytics, demo.retailMedia, request, "APPROVE"), "ConflictException", 409, "INVALID_STATE");
  });

  it("refuses a second vote", async () => {
    await act(demo.analytics, demo.retailMedia, request, "APPROVE");
    await expectRefused(act(demo.analytics, demo.retailMedia, request, "APPROVE"), "ConflictException", 409, "INVALID_STATE");
    await expectRefused(act(demo.analytics, demo.retailMedia, request, "DENY"), "ConflictException", 409, "INVALID_STATE");
    expect(votes(await get(demo.analytics, demo.retailMedia, request))[demo.analytics]).toBe("APPROVED");
  });

  it("refuses votes from non-members, non-voters and the creator", async () => {
    const r = await create(demo.publisher, demo.audienceInsights, [addNewAccount]);
    await expectRefused(act(demo.partner, demo.audienceInsights, r.id!, "APPROVE"), "AccessDeniedException", 403); // not a member
    await expectRefused(act(demo.analytics, demo.audienceInsights, r.id!, "APPROVE"), "AccessDeniedException", 403); // invited, no vote
    await expectRefused(act(demo.publisher, demo.audienceInsights, r.id!, "DENY"), "AccessDeniedException", 403); // the creator
    expect(votes(await get(demo.publisher, demo.audienceInsights, r.id!))).toEqual({ [demo.publisher]: "APPROVED", [demo.advertiser]: "PENDING" });
  });

  it("moves updateTime with each vote", async () => {
    await t.advance(5_000);
    const a = await act(demo.analytics, demo.retailMedia, request, "APPROVE");
    const seeded = new Date("2026-11-20T10:00:00Z");
    expect(a.createTime).toEqual(seeded);
    expect(a.updateTime!.getTime()).toBeGreaterThan(seeded.getTime());
    await t.advance(7_000);
    const b = await act(demo.publisher, demo.retailMedia, request, "APPROVE");
    expect(b.updateTime!.getTime() - a.updateTime!.getTime()).toBe(7_000);
  });
});

describe("committing", () => {
  const request = demo.pendingPayerRequest;
  const approveAll = async () => {
    for (const voter of [demo.analytics, demo.publisher, demo.partner]) await act(voter, demo.retailMedia, request, "APPROVE");
  };

  it("refuses to commit a PENDING request", async () => {
    await expectRefused(act(demo.advertiser, demo.retailMedia, request, "COMMIT"), "ConflictException", 409, "INVALID_STATE");
  });

  it("refuses a commit by anyone but the creator", async () => {
    await approveAll();
    await expectRefused(act(demo.partner, demo.retailMedia, request, "COMMIT"), "AccessDeniedException", 403);
    expect(status(await get(demo.partner, demo.retailMedia, request))).toBe("APPROVED");
  });

  it("commits an APPROVED request: the partner becomes a payer candidate, in the collaboration and in its membership", async () => {
    const partnerBefore = (await members(demo.partner, demo.retailMedia)).find((m) => m.accountId === demo.partner)!;
    expect(partnerBefore.paymentConfiguration).toEqual({ queryCompute: { isResponsible: false } });
    await approveAll();
    const committed = await act(demo.advertiser, demo.retailMedia, request, "COMMIT");
    expect([committed.status, committed.isAutoApproved]).toEqual(["COMMITTED", false]);
    const partner = (await members(demo.partner, demo.retailMedia)).find((m) => m.accountId === demo.partner)!;
    expect(partner.paymentConfiguration).toEqual({ queryCompute: { isResponsible: true } });
    expect(partner.abilities).toEqual(["CAN_RECEIVE_RESULTS"]);
    const membership = await (await t.cleanrooms(demo.partner)).send(new GetMembershipCommand({ membershipIdentifier: demo.m14 }));
    expect(membership.membership!.paymentConfiguration).toEqual({ queryCompute: { isResponsible: true } });
    await expectRefused(act(demo.advertiser, demo.retailMedia, request, "COMMIT"), "ConflictException", 409, "INVALID_STATE");
  });

  it("adds a member on commit", async () => {
    const r = await create(demo.publisher, demo.audienceInsights, [addNewAccount]);
    expect(status(await act(demo.advertiser, demo.audienceInsights, r.id!, "APPROVE"))).toBe("APPROVED");
    await act(demo.publisher, demo.audienceInsights, r.id!, "COMMIT");
    const all = await members(demo.publisher, demo.audienceInsights);
    expect(all.map((m) => [m.accountId, m.status])).toEqual([
      [demo.publisher, "ACTIVE"],
      [demo.advertiser, "ACTIVE"],
      [demo.analytics, "INVITED"],
      [NEW_ACCOUNT, "INVITED"],
    ]);
    expect(all[3].abilities).toEqual(["CAN_RECEIVE_RESULTS"]);
  });

  it("refuses a commit that another committed request has overtaken, and changes nothing", async () => {
    const first = await create(demo.publisher, demo.audienceInsights, [addNewAccount]);
    const second = await create(demo.publisher, demo.audienceInsights, [addNewAccount]);
    await act(demo.advertiser, demo.audienceInsights, first.id!, "APPROVE");
    await act(demo.advertiser, demo.audienceInsights, second.id!, "APPROVE");
    await act(demo.publisher, demo.audienceInsights, first.id!, "COMMIT");
    const before = await members(demo.publisher, demo.audienceInsights);
    await expectRefused(act(demo.publisher, demo.audienceInsights, second.id!, "COMMIT"), "ConflictException", 409, "INVALID_STATE");
    expect(await members(demo.publisher, demo.audienceInsights)).toEqual(before);
    expect(status(await get(demo.publisher, demo.audienceInsights, second.id!))).toBe("APPROVED");
  });
});

describe("cancelling", () => {
  const request = demo.pendingPayerRequest;

  it("lets the creator cancel a PENDING request, once", async () => {
    expect(status(await act(demo.advertiser, demo.retailMedia, request, "CANCEL"))).toBe("CANCELLED");
    await expectRefused(act(demo.advertiser, demo.retailMedia, request, "CANCEL"), "ConflictException", 409, "INVALID_STATE");
    await expectRefused(act(demo.analytics, demo.retailMedia, request, "APPROVE"), "ConflictException", 409, "INVALID_STATE");
  });

  it("lets the creator cancel an APPROVED request, which then cannot be committed", async () => {
    for (const voter of [demo.analytics, demo.publisher, demo.partner]) await act(voter, demo.retailMedia, request, "APPROVE");
    expect(status(await act(demo.advertiser, demo.retailMedia, request, "CANCEL"))).toBe("CANCELLED");
    await expectRefused(act(demo.advertiser, demo.retailMedia, request, "COMMIT"), "ConflictException", 409, "INVALID_STATE");
    const partner = (await members(demo.partner, demo.retailMedia)).find((m) => m.accountId === demo.partner)!;
    expect(partner.paymentConfiguration).toEqual({ queryCompute: { isResponsible: false } });
  });

  it("refuses a cancel by a member who is not the creator, and of a settled request", async () => {
    await expectRefused(act(demo.partner, demo.retailMedia, request, "CANCEL"), "AccessDeniedException", 403);
    expect(status(await get(demo.partner, demo.retailMedia, request))).toBe("PENDING");
    await expectRefused(act(demo.publisher, demo.audienceInsights, "cccccccc-0002-4000-8000-000000000003", "CANCEL"), "ConflictException", 409, "INVALID_STATE");
  });
});

describe("listing and reading", () => {
  it("lists oldest first, a page at a time", async () => {
    await t.advance(1_000);
    const newer = await create(demo.advertiser, demo.retailMedia, [revokeModelOutput]);
    const client = await t.cleanrooms(demo.publisher);
    const ids: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListCollaborationChangeRequestsCommand({ collaborationIdentifier: demo.retailMedia, maxResults: 1, nextToken }));
      expect(page.collaborationChangeRequestSummaries!.length).toBe(1);
      ids.push(page.collaborationChangeRequestSummaries![0].id!);
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(ids).toEqual(["cccccccc-0001-4000-8000-000000000002", demo.pendingPayerRequest, newer.id]);
  });

  it("filters by status", async () => {
    const client = await t.cleanrooms(demo.advertiser);
    const list = async (s: "PENDING" | "COMMITTED" | "DENIED") =>
      (await client.send(new ListCollaborationChangeRequestsCommand({ collaborationIdentifier: demo.retailMedia, status: s }))).collaborationChangeRequestSummaries!.map(
        (r) => r.id,
      );
    expect(await list("PENDING")).toEqual([demo.pendingPayerRequest]);
    expect(await list("COMMITTED")).toEqual(["cccccccc-0001-4000-8000-000000000002"]);
    expect(await list("DENIED")).toEqual([]);
  });

  it("refuses a page token from another list", async () => {
    const client = await t.cleanrooms(demo.advertiser);
    const page = await client.send(new ListCollaborationChangeRequestsCommand({ collaborationIdentifier: demo.retailMedia, maxResults: 1 }));
    await expectRefused(
      client.send(new ListCollaborationChangeRequestsCommand({ collaborationIdentifier: demo.retailMedia, status: "PENDING", nextToken: page.nextToken })),
      "ValidationException",
      400,
    );
  });

  it("answers ResourceNotFoundException for unknown ids, and denies non-members", async () => {
    await expectRefused(get(demo.advertiser, demo.retailMedia, "cccccccc-0009-4000-8000-000000000009"), "ResourceNotFoundException", 404);
    // A request of another collaboration is not found under this one.
    await expectRefused(get(demo.advertiser, demo.retailMedia, "cccccccc-0002-4000-8000-000000000003"), "ResourceNotFoundException", 404);
    await expectRefused(act(demo.advertiser, demo.retailMedia, "cccccccc-0009-4000-8000-000000000009", "APPROVE"), "ResourceNotFoundException", 404);
    await expectRefused(get(demo.advertiser, "aaaaaaaa-0009-4000-8000-000000000009", demo.pendingPayerRequest), "ResourceNotFoundException", 404);
    await expectRefused(get(demo.partner, demo.audienceInsights, "cccccccc-0002-4000-8000-000000000003"), "AccessDeniedException", 403);
    await expectRefused(
      (await t.cleanrooms(demo.partner)).send(new ListCollaborationChangeRequestsCommand({ collaborationIdentifier: demo.audienceInsights })),
      "AccessDeniedException",
      403,
    );
  });

  it("lets an invited member read the requests", async () => {
    const list = await requests(demo.analytics, demo.audienceInsights);
    expect(list.map((r) => [r.id, r.status, r.changes![0].types])).toEqual([
      ["cccccccc-0002-4000-8000-000000000003", "DENIED", ["ADD_MEMBER"]],
      // The publisher asks to pay for job compute too: one new payer candidate.
      ["cccccccc-0002-4000-8000-000000000005", "PENDING", ["ADD_PAYER_CANDIDATE"]],
    ]);
  });
});

it("answers every change request call in the model's shapes", async () => {
  const report = await t.control<{ checked: Record<string, number>; violations: unknown[] }>("GET", "/_emulator/conformance");
  expect(report.violations).toEqual([]);
  expect(Object.keys(report.checked)).toEqual(
    expect.arrayContaining(["CreateCollaborationChangeRequest", "GetCollaborationChangeRequest", "ListCollaborationChangeRequests", "UpdateCollaborationChangeRequest"]),
  );
});
