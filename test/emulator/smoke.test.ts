import { GetCollaborationCommand, ListCollaborationsCommand, ListMembersCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, expect, it } from "vitest";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());

it("lists the collaborations of an account through the real SDK", async () => {
  const client = await t.cleanrooms(demo.advertiser);
  const out = await client.send(new ListCollaborationsCommand({}));
  expect(out.collaborationList!.map((c) => c.id).sort()).toEqual([demo.retailMedia, demo.audienceInsights, demo.partnerPanel].sort());
  const c = await client.send(new GetCollaborationCommand({ collaborationIdentifier: demo.retailMedia }));
  expect(c.collaboration!.createTime).toEqual(new Date("2026-09-01T09:00:00Z"));
  const members = await client.send(new ListMembersCommand({ collaborationIdentifier: demo.retailMedia }));
  expect(members.memberSummaries!.map((m) => m.accountId)).toContain(demo.partner);
});
