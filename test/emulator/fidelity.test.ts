/**
 * What a caller sets comes back: the optional members of CreateCollaboration
 * and CreateMembership that Get returns (isMetricsEnabled,
 * allowedResultRegions), and the rule the model documents for a
 * membership's metrics.
 */
import {
  CreateCollaborationCommand,
  CreateMembershipCommand,
  GetCollaborationCommand,
  GetMembershipCommand,
  type CreateCollaborationCommandInput,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../support/aws-errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());
beforeEach(() => t.reset());

/** The partner creates; the advertiser may query, the publisher pays for queries, analytics only receives. */
async function createAsPartner(extra: Omit<Partial<CreateCollaborationCommandInput>, "description"> = {}) {
  const partner = await t.cleanrooms(demo.partner);
  const out = await partner.send(
    new CreateCollaborationCommand({
      name: "Fidelity",
      description: "Optional members kept",
      creatorDisplayName: "Partner",
      creatorMemberAbilities: ["CAN_RECEIVE_RESULTS"],
      members: [
        { accountId: demo.advertiser, displayName: "Advertiser", memberAbilities: ["CAN_QUERY"] },
        { accountId: demo.publisher, displayName: "Publisher", memberAbilities: [], paymentConfiguration: { queryCompute: { isResponsible: true } } },
        { accountId: demo.analytics, displayName: "Analytics", memberAbilities: ["CAN_RECEIVE_RESULTS"] },
      ],
      queryLogStatus: "DISABLED",
      ...extra,
    }),
  );
  return out.collaboration!;
}

describe("CreateCollaboration", () => {
  it("keeps isMetricsEnabled and allowedResultRegions, as created and as read", async () => {
    const created = await createAsPartner({ isMetricsEnabled: true, allowedResultRegions: ["us-east-1", "eu-west-1"] });
    expect(created.isMetricsEnabled).toBe(true);
    expect(created.allowedResultRegions).toEqual(["us-east-1", "eu-west-1"]);
    const read = await (await t.cleanrooms(demo.advertiser)).send(new GetCollaborationCommand({ collaborationIdentifier: created.id }));
    expect(read.collaboration!.isMetricsEnabled).toBe(true);
    expect(read.collaboration!.allowedResultRegions).toEqual(["us-east-1", "eu-west-1"]);
  });

  it("keeps isMetricsEnabled false as sent", async () => {
    expect((await createAsPartner({ isMetricsEnabled: false })).isMetricsEnabled).toBe(false);
  });
});

describe("CreateMembership", () => {
  it("keeps isMetricsEnabled for the member who can query, as created and as read", async () => {
    const c = await createAsPartner({ isMetricsEnabled: true });
    const advertiser = await t.cleanrooms(demo.advertiser);
    const created = (await advertiser.send(new CreateMembershipCommand({ collaborationIdentifier: c.id, queryLogStatus: "DISABLED", isMetricsEnabled: true }))).membership!;
    expect(created.isMetricsEnabled).toBe(true);
    const read = await advertiser.send(new GetMembershipCommand({ membershipIdentifier: created.id }));
    expect(read.membership!.isMetricsEnabled).toBe(true);
  });

  it("lets a payer enable metrics too", async () => {
    const c = await createAsPartner({ isMetricsEnabled: true });
    const publisher = await t.cleanrooms(demo.publisher);
    const out = await publisher.send(
      new CreateMembershipCommand({
        collaborationIdentifier: c.id,
        queryLogStatus: "DISABLED",
        isMetricsEnabled: true,
        paymentConfiguration: { queryCompute: { isResponsible: true } },
      }),
    );
    expect(out.membership!.isMetricsEnabled).toBe(true);
  });

  it("refuses metrics where the collaboration has none, or for a member who neither queries nor pays", async () => {
    const without = await createAsPartner();
    const advertiser = await t.cleanrooms(demo.advertiser);
    const e = await refusal(advertiser.send(new CreateMembershipCommand({ collaborationIdentifier: without.id, queryLogStatus: "DISABLED", isMetricsEnabled: true })));
    expect(e.name).toBe("ValidationException");
    expect(e.fieldList).toEqual([{ name: "isMetricsEnabled", message: `collaboration ${without.id} does not have metrics enabled` }]);

    const withMetrics = await createAsPartner({ isMetricsEnabled: true });
    const analytics = await t.cleanrooms(demo.analytics);
    const e2 = await refusal(analytics.send(new CreateMembershipCommand({ collaborationIdentifier: withMetrics.id, queryLogStatus: "DISABLED", isMetricsEnabled: true })));
    expect(e2.name).toBe("ValidationException");
    expect(e2.fieldList![0].name).toBe("isMetricsEnabled");
    // Stating the default is anyone's right.
    const plain = await analytics.send(new CreateMembershipCommand({ collaborationIdentifier: withMetrics.id, queryLogStatus: "DISABLED", isMetricsEnabled: false }));
    expect(plain.membership!.isMetricsEnabled).toBe(false);
  });
});
