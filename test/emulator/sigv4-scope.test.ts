/**
 * The credential scope and date of a SigV4 request, through the real SDK
 * clients: signed for another region, another service, or with an X-Amz-Date
 * more than 5 minutes from the emulator's clock, a request is refused with
 * 403 before its signature is looked at (Clean Rooms: InvalidSignatureException;
 * STS, in the query protocol's error form: SignatureDoesNotMatch).
 */
import { CleanRoomsClient, ListCollaborationsCommand, type CleanRoomsClientConfig } from "@aws-sdk/client-cleanrooms";
import { GetCallerIdentityCommand, STSClient, type STSClientConfig } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SigV4Header } from "../../src/emulator/identity";
import { scopeProblem, type SignedRequest } from "../../src/emulator/protocol/sigv4";
import { refusal } from "../support/aws-errors";
import { startTestEmulator, type TestEmulator } from "../support/emulator";

let t: TestEmulator;
beforeAll(async () => (t = await startTestEmulator()));
afterAll(() => t.close());

const MINUTE = 60_000;

/** The gateway user's long-term keys: they never expire, so moving the clock tests only the date. */
const keys = () => ({ accessKeyId: t.scenario.gateway.accessKeyId, secretAccessKey: t.scenario.gateway.secretAccessKey });

/** The SDK's signer takes the service it signs for from `signingName` (the client's own when left out). */
const signingFor = (service: string) => ({ signingName: service }) as object;

const cleanrooms = (config: Partial<CleanRoomsClientConfig> = {}) =>
  new CleanRoomsClient({ endpoint: t.url, region: t.scenario.region, credentials: keys(), maxAttempts: 1, ...config });
const sts = (config: Partial<STSClientConfig> = {}) =>
  new STSClient({ endpoint: t.url, region: t.scenario.region, credentials: keys(), maxAttempts: 1, ...config });

/** The refusal of one call from a throwaway client. */
async function refused(client: CleanRoomsClient | STSClient, status = 403) {
  const e = await refusal(
    client instanceof CleanRoomsClient ? client.send(new ListCollaborationsCommand({})) : client.send(new GetCallerIdentityCommand({})),
  );
  client.destroy();
  expect(e.$metadata.httpStatusCode).toBe(status);
  return e;
}

async function answered(client: CleanRoomsClient | STSClient): Promise<void> {
  await (client instanceof CleanRoomsClient ? client.send(new ListCollaborationsCommand({})) : client.send(new GetCallerIdentityCommand({})));
  client.destroy();
}

describe("the credential scope", () => {
  it("passes for the emulator's region and the service called", async () => {
    await answered(cleanrooms());
    await answered(sts());
  });

  it("must name a region the scenario has (Clean Rooms); STS answers every region", async () => {
    expect(t.scenario.regions).not.toContain("eu-west-1");
    const e = await refused(cleanrooms({ region: "eu-west-1" }));
    expect(e.name).toBe("InvalidSignatureException");
    expect(e.message).toBe("Credential should be scoped to a valid region, not 'eu-west-1'.");
    await answered(sts({ region: "eu-west-1" }));
  });

  it("must name the service the request went to", async () => {
    const e = await refused(cleanrooms(signingFor("s3")));
    expect(e.name).toBe("InvalidSignatureException");
    expect(e.message).toBe("Credential should be scoped to correct service: 'cleanrooms'.");
    // A request at STS's "/" signed for Clean Rooms is still STS's to refuse.
    const s = await refused(sts(signingFor("cleanrooms")));
    expect(s.name).toBe("SignatureDoesNotMatch");
    expect(s.message).toBe("Credential should be scoped to correct service: 'sts'.");
  });
});

describe("X-Amz-Date", () => {
  it("more than 5 minutes behind or ahead of the emulator's clock is refused, in AWS's words", async () => {
    const late = await refused(cleanrooms({ systemClockOffset: -6 * MINUTE }));
    expect(late.name).toBe("InvalidSignatureException");
    expect(late.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    const early = await refused(cleanrooms({ systemClockOffset: 6 * MINUTE }));
    expect(early.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
    const sts_ = await refused(sts({ systemClockOffset: -6 * MINUTE }));
    expect(sts_.name).toBe("SignatureDoesNotMatch");
    expect(sts_.message).toMatch(/^Signature expired: /);
  });

  it("within 5 minutes is on time", async () => {
    await answered(cleanrooms({ systemClockOffset: -4 * MINUTE }));
    await answered(sts({ systemClockOffset: 4 * MINUTE }));
  });

  it("is corrected by the SDK's own retry, from the Date the refusal carries", async () => {
    // Default retries: the SDK reads the answer's Date, corrects its offset and signs again.
    await answered(cleanrooms({ systemClockOffset: -20 * MINUTE, maxAttempts: 3 }));
  });

  // Last: the emulator's clock stays moved for the rest of the file.
  it("is judged by the emulator's clock once it has moved", async () => {
    const hour = 60 * MINUTE;
    await t.advance(hour);
    // Signed on the emulator's time: on time. Ten minutes before it: refused, though nearer the wall clock.
    await answered(cleanrooms({ systemClockOffset: hour }));
    const e = await refused(cleanrooms({ systemClockOffset: hour - 10 * MINUTE }));
    expect(e.message).toMatch(/^Signature expired: /);
  });
});

describe("the 5-minute window", () => {
  const dated = (amzDate: string): SignedRequest => ({ method: "GET", path: "/", query: "", headers: { "x-amz-date": amzDate }, body: Buffer.alloc(0) });
  const auth: SigV4Header = { accessKeyId: "AKID", date: "20261126", region: "us-east-1", service: "cleanrooms", signedHeaders: ["host"], signature: "0".repeat(64) };
  const expected = { region: "us-east-1", service: "cleanrooms", now: Date.UTC(2026, 10, 26, 9, 30, 0, 999) };

  it("includes exactly 5 minutes either way, counted in whole seconds as X-Amz-Date is", () => {
    expect(scopeProblem(dated("20261126T092500Z"), auth, expected)).toBeUndefined();
    expect(scopeProblem(dated("20261126T093500Z"), auth, expected)).toBeUndefined();
    expect(scopeProblem(dated("20261126T092459Z"), auth, expected)).toBe(
      "Signature expired: 20261126T092459Z is now earlier than 20261126T092500Z (20261126T093000Z - 5 min.)",
    );
    expect(scopeProblem(dated("20261126T093501Z"), auth, expected)).toBe(
      "Signature not yet current: 20261126T093501Z is still later than 20261126T093500Z (20261126T093000Z + 5 min.)",
    );
  });

  it("accepts a date near the wall clock only when told of one (a manual clock)", () => {
    const wall = Date.UTC(2026, 10, 26, 8, 0, 0);
    expect(scopeProblem(dated("20261126T080100Z"), auth, expected)).toMatch(/^Signature expired/);
    expect(scopeProblem(dated("20261126T080100Z"), auth, { ...expected, alsoNow: wall })).toBeUndefined();
  });
});
