/**
 * CreateMembership's paymentConfiguration, as the model documents it: "Not
 * required if the collaboration member has the member ability to run
 * queries. Required if the collaboration member doesn't have the member
 * ability to run queries but is configured as a payer by the collaboration
 * creator."
 */
import { CreateCollaborationCommand, CreateMembershipCommand, GetMembershipCommand, type MemberSpecification } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../support/aws-errors";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());
beforeEach(() => t.reset());

const pays = { isResponsible: true };

/** A collaboration the partner creates with the one member given; its id. */
async function invite(member: MemberSpecification): Promise<string> {
  const out = await (await t.cleanrooms(demo.partner)).send(
    new CreateCollaborationCommand({
      name: "Payment rules",
      description: "Payment rules",
      creatorDisplayName: "Partner",
      creatorMemberAbilities: ["CAN_RECEIVE_RESULTS"],
      members: [member],
      queryLogStatus: "DISABLED",
    }),
  );
  return out.collaboration!.id!;
}

const join = async (accountId: string, collaborationIdentifier: string) =>
  (await t.cleanrooms(accountId)).send(new CreateMembershipCommand({ collaborationIdentifier, queryLogStatus: "DISABLED" }));

describe("a membership created without a paymentConfiguration", () => {
  it("is accepted for the member who can query, even when it is a payer, and accepts what it was made responsible for", async () => {
    const id = await invite({ accountId: demo.advertiser, displayName: "Advertiser", memberAbilities: ["CAN_QUERY"], paymentConfiguration: { queryCompute: pays } });
    const created = (await join(demo.advertiser, id)).membership!;
    expect(created.paymentConfiguration).toEqual({ queryCompute: pays });
    const read = await (await t.cleanrooms(demo.advertiser)).send(new GetMembershipCommand({ membershipIdentifier: created.id }));
    expect(read.membership!.paymentConfiguration).toEqual({ queryCompute: pays });
  });

  it("is refused for a member who cannot query but pays, for query compute or for anything else", async () => {
    for (const paymentConfiguration of [{ queryCompute: pays }, { queryCompute: { isResponsible: false }, jobCompute: pays }]) {
      const id = await invite({ accountId: demo.publisher, displayName: "Publisher", memberAbilities: ["CAN_RECEIVE_RESULTS"], paymentConfiguration });
      const e = await refusal(join(demo.publisher, id));
      expect(e.name).toBe("ValidationException");
      expect(e.$metadata.httpStatusCode).toBe(400);
      expect(e.fieldList?.map((f) => f.name)).toEqual(["paymentConfiguration"]);
    }
  });

  it("is accepted for a member who neither queries nor pays", async () => {
    const id = await invite({ accountId: demo.analytics, displayName: "Analytics", memberAbilities: ["CAN_RECEIVE_RESULTS"] });
    expect((await join(demo.analytics, id)).membership!.paymentConfiguration).toEqual({ queryCompute: { isResponsible: false } });
  });
});
