/**
 * The SigV4 verifier against signatures computed by other implementations:
 * AWS's own test suite (get-vanilla) and botocore's SigV4Auth (the signer of
 * the AWS CLI), which produced the second vector's Authorization header for
 * the request written here. Each tampered copy must be refused.
 */
import { GetMembershipCommand, ListCollaborationsCommand } from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAuthorization, type SigV4Header } from "../../src/emulator/identity";
import { canonicalQuery, canonicalUri, verifySigV4, type SignedRequest } from "../../src/emulator/protocol/sigv4";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

interface Vector {
  request: SignedRequest;
  auth: SigV4Header;
  secret: string;
}

function vector(method: string, url: string, headers: Record<string, string>, body: string, secret: string): Vector {
  const u = new URL(url);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  lower.host ??= u.host;
  const auth = parseAuthorization(lower.authorization);
  if (!auth) throw new Error("test vector has no SigV4 Authorization header");
  const pathAndQuery = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  const [path, query = ""] = pathAndQuery.split("?");
  return { request: { method, path, query, headers: lower, body: Buffer.from(body) }, auth, secret };
}

// aws-sig-v4-test-suite: get-vanilla.
const vanilla = vector(
  "GET",
  "https://example.amazonaws.com/",
  {
    "X-Amz-Date": "20150830T123600Z",
    Authorization:
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  },
  "",
  "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
);

// botocore 1.43 SigV4Auth: encoded label with non-ASCII and reserved characters, dot segments,
// unsorted and repeated query keys, a header with runs of spaces, a session token and a body.
const botocore = vector(
  "POST",
  "http://127.0.0.1:4566/memberships/a%20b%3Ac%C3%BC%2A/./x/../protectedQueries?b=2%203&a=x%2By%2Fz%3D&A=&a~=%2A&a=w",
  {
    "Content-Type": "application/json",
    "X-Custom": "  two   spaces  here ",
    "X-Amz-Date": "20261126T093015Z",
    "X-Amz-Security-Token": "FwoGsessiontoken/with+chars==",
    Authorization:
      "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE0000001/20261126/us-east-1/cleanrooms/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-custom, Signature=afae1ef758d7c002bbd345631e9e3fa211d7ebad122b5423310ca3051f647aec",
    "Content-Length": "57",
  },
  '{"type":"SQL","sqlParameters":{"queryString":"SELECT 1"}}',
  "temporary/secret+key=example",
);

const verify = (v: Vector) => verifySigV4(v.request, v.auth, v.secret);
const withRequest = (v: Vector, change: Partial<SignedRequest>): Vector => ({ ...v, request: { ...v.request, ...change } });
const withHeader = (v: Vector, name: string, value: string | undefined): Vector =>
  withRequest(v, { headers: { ...v.request.headers, [name]: value } });

describe("verifySigV4", () => {
  it("accepts AWS's get-vanilla vector and botocore's signature", () => {
    expect(verify(vanilla)).toBe(true);
    expect(verify(botocore)).toBe(true);
  });

  it("refuses a wrong secret", () => {
    expect(verify({ ...vanilla, secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEz" })).toBe(false);
    expect(verify({ ...botocore, secret: "another-secret" })).toBe(false);
  });

  it("refuses a changed body, path, query, method or signed header", () => {
    expect(verify(withRequest(botocore, { body: Buffer.from('{"type":"SQL","sqlParameters":{"queryString":"SELECT 2"}}') }))).toBe(false);
    expect(verify(withRequest(botocore, { path: "/memberships/a%20b%3Ac%C3%BC%2A/protectedJobs" }))).toBe(false);
    expect(verify(withRequest(botocore, { query: "b=2%203&a=x%2By%2Fz%3D&A=&a~=%2A&a=v" }))).toBe(false);
    expect(verify(withRequest(botocore, { method: "PUT" }))).toBe(false);
    expect(verify(withHeader(botocore, "x-custom", "two spaces there"))).toBe(false);
    expect(verify(withHeader(botocore, "x-amz-security-token", "FwoGanother"))).toBe(false);
  });

  it("refuses a request that lacks a header it signed", () => {
    expect(verify(withHeader(botocore, "x-custom", undefined))).toBe(false);
  });

  it("ignores changes to headers that were not signed", () => {
    expect(verify(withHeader(botocore, "user-agent", "something else"))).toBe(true);
  });

  it("refuses a credential scope dated other than X-Amz-Date", () => {
    expect(verify(withHeader(vanilla, "x-amz-date", "20150831T123600Z"))).toBe(false);
    expect(verify({ ...vanilla, auth: { ...vanilla.auth, date: "20150831" } })).toBe(false);
    expect(verify(withHeader(vanilla, "x-amz-date", undefined))).toBe(false);
  });

  it("refuses a signature for another region or service", () => {
    expect(verify({ ...vanilla, auth: { ...vanilla.auth, region: "eu-west-1" } })).toBe(false);
    expect(verify({ ...vanilla, auth: { ...vanilla.auth, service: "sts" } })).toBe(false);
  });

  it("checks a declared x-amz-content-sha256 against the body", () => {
    const emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const wrongHash = "0".repeat(64);
    // Not signed in get-vanilla, so a correct declaration keeps the signature valid and a wrong one is refused.
    expect(verify(withHeader(vanilla, "x-amz-content-sha256", emptyHash))).toBe(true);
    expect(verify(withHeader(vanilla, "x-amz-content-sha256", wrongHash))).toBe(false);
  });
});

describe("canonical forms", () => {
  it("encodes each path segment of the sent path once more and removes dot segments", () => {
    expect(canonicalUri("/memberships/a%20b%3Ac%C3%BC%2A/./x/../protectedQueries")).toBe(
      "/memberships/a%2520b%253Ac%25C3%25BC%252A/protectedQueries",
    );
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("//collaborations/")).toBe("/collaborations/");
  });

  it("sorts the query by encoded key, then value, with strict encoding", () => {
    expect(canonicalQuery("b=2%203&a=x%2By%2Fz%3D&A=&a~=%2A&a=w&flag")).toBe("A=&a=w&a=x%2By%2Fz%3D&a~=%2A&b=2%203&flag=");
    expect(canonicalQuery("k=it's(*)!")).toBe("k=it%27s%28%2A%29%21");
    expect(canonicalQuery("")).toBe("");
  });
});

describe("requests signed by the JavaScript SDK", () => {
  let t: TestEmulator;
  beforeAll(async () => (t = await startTestEmulator()));
  afterAll(() => t.close());

  async function errorOf(call: Promise<unknown>) {
    try {
      await call;
    } catch (e) {
      return e as Error & { $metadata: { httpStatusCode?: number } };
    }
    throw new Error("the call succeeded; a failure was expected");
  }

  // Both reach input validation, which comes after the signature check: a refused signature would answer 403.
  it("verify with reserved and non-ASCII characters in a URI label", async () => {
    const client = await t.cleanrooms(demo.advertiser);
    const e = await errorOf(client.send(new GetMembershipCommand({ membershipIdentifier: "not a/uuid:ü*(!)" })));
    expect(e.name).toBe("ValidationException");
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toContain("membershipIdentifier");
  });

  it("verify with reserved characters in query values", async () => {
    const client = await t.cleanrooms(demo.advertiser);
    const e = await errorOf(client.send(new ListCollaborationsCommand({ memberStatus: "ACTIVE", maxResults: 5, nextToken: "a+b/c= d*'~" })));
    expect(e.name).toBe("ValidationException");
    expect(e.message).toBe("The nextToken is invalid or belongs to another list.");
  });
});
