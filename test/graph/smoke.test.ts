import { afterAll, beforeAll, expect, it } from "vitest";
import { demo } from "../support/emulator";
import { startTestGateway, type TestGateway } from "../support/gateway";

let g: TestGateway;
beforeAll(async () => (g = await startTestGateway()));
afterAll(() => g.close());

it("serves the federated accounts over HTTP", async () => {
  const res = await g.gql<{ accounts: { accountId: string; status: string }[] }>("{ accounts { accountId status } }");
  expect(res.errors).toBeUndefined();
  expect(res.data!.accounts).toEqual([
    { accountId: demo.advertiser, status: "AVAILABLE" },
    { accountId: demo.analytics, status: "AVAILABLE" },
    { accountId: demo.publisher, status: "AVAILABLE" },
  ]);
});
