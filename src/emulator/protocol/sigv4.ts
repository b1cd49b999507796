/**
 * AWS Signature Version 4, checked the way AWS checks it: the emulator
 * rebuilds the canonical request from what arrived on the wire, signs it
 * with the caller's secret key and compares in constant time.
 *
 * Readings chosen:
 * - The credential scope must name a region the emulator serves (Clean
 *   Rooms: one its scenario has, and the request is answered from that
 *   region's world; STS: any AWS region, as every regional STS endpoint
 *   issues the same credentials) and the service the request went to
 *   (cleanrooms, or sts at "/"), and X-Amz-Date must be within
 *   5 minutes of the emulator's clock (AWS's allowed skew); otherwise 403 in
 *   AWS's words ("Credential should be scoped to ...", "Signature expired:
 *   ..."). The credential scope's date must be X-Amz-Date's date.
 * - With a manual clock, a request dated within 5 minutes of the wall clock
 *   is on time too: tests move the emulator's clock by hours, or leave it
 *   standing while they run, and a client's signing clock cannot follow it.
 *   The Date header of every answer stays wall-clock time (Node's), so a
 *   client that corrects its skew from a refusal, as AWS's SDKs do, signs on
 *   the wall clock and is accepted; had it followed the manual clock, the
 *   next jump would leave it behind. A date far from both clocks is refused.
 * - The canonical URI is the path as sent, dot segments and empty segments
 *   removed, then URI-encoded once more (every service but S3 signs the
 *   encoded path encoded again; the SDK and botocore both do).
 * - x-amz-content-sha256, when sent, stands for the body in the canonical
 *   request; a hex value that is not the body's hash is refused.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { AuthError, type SigV4Header } from "../identity";

export interface SignedRequest {
  method: string;
  /** Path as sent, before decoding. */
  path: string;
  /** Raw query string without '?'. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded. */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a stray '%': sign it as it came
  }
}

export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  return `/${segments.map(uriEncode).join("/")}${trailing}`;
}

export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  return rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const [k, v] = eq < 0 ? [pair, ""] : [pair.slice(0, eq), pair.slice(eq + 1)];
      return [uriEncode(decode(k)), uriEncode(decode(v))] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

function headerValue(headers: SignedRequest["headers"], name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v.join(",") : v).trim().replace(/\s+/g, " ");
}

/** The hash that stands for the body, or undefined when a declared hash is not the body's. */
function payloadHash(request: SignedRequest): string | undefined {
  const actual = sha256Hex(request.body);
  const declared = headerValue(request.headers, "x-amz-content-sha256");
  if (declared === undefined) return actual;
  if (/^[0-9a-f]{64}$/i.test(declared)) return declared.toLowerCase() === actual ? declared : undefined;
  return declared; // UNSIGNED-PAYLOAD and the like are signed as written
}

/** The canonical request, or undefined when a signed header is missing or the body hash is wrong. */
export function canonicalRequest(request: SignedRequest, signedHeaders: readonly string[]): string | undefined {
  const lines: string[] = [];
  for (const name of signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return undefined;
    lines.push(`${name}:${value}\n`);
  }
  const hash = payloadHash(request);
  if (hash === undefined) return undefined;
  return [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    lines.join(""),
    signedHeaders.join(";"),
    hash,
  ].join("\n");
}

export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), "aws4_request");
}

/** Whether the request's signature matches the one computed with the caller's secret key. */
export function verifySigV4(request: SignedRequest, auth: SigV4Header, secretAccessKey: string): boolean {
  const amzDate = headerValue(request.headers, "x-amz-date");
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== auth.date) return false;
  // SignedHeaders must be lowercase, sorted, and include host.
  const names = auth.signedHeaders;
  if (!names.includes("host") || names.some((n, i) => n !== n.toLowerCase() || (i > 0 && names[i - 1] >= n))) return false;
  const canonical = canonicalRequest(request, names);
  if (canonical === undefined) return false;
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical)].join("\n");
  const expected = createHmac("sha256", signingKey(secretAccessKey, auth.date, auth.region, auth.service)).update(stringToSign, "utf8").digest();
  return timingSafeEqual(expected, Buffer.from(auth.signature, "hex"));
}

/** AWS's allowed difference between X-Amz-Date and the service's clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** A refused credential scope or request date, with AWS's message for it. */
export class SignatureScopeError extends AuthError {
  constructor(readonly detail: string) {
    super("bad-signature");
  }
}

export interface ExpectedScope {
  /** The region, the regions, or the pattern of regions the scope may name. */
  region: string | readonly string[] | RegExp;
  service: string;
  /** The emulator's clock, epoch ms. */
  now: number;
  /** Another time a request may be dated near (a manual clock's wall time); see the readings above. */
  alsoNow?: number;
}

/** 20261126T093015Z as epoch ms; NaN when malformed. */
function amzDateMs(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

const amzDateOf = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/**
 * Why AWS would refuse this request's credential scope or date before
 * looking at its signature, in AWS's words; undefined when they are right.
 * Seconds are compared, as X-Amz-Date carries them.
 */
export function scopeProblem(request: SignedRequest, auth: SigV4Header, expected: ExpectedScope): string | undefined {
  if (auth.service !== expected.service) return `Credential should be scoped to correct service: '${expected.service}'.`;
  const r = expected.region;
  const regionOk = typeof r === "string" ? auth.region === r : r instanceof RegExp ? r.test(auth.region) : r.includes(auth.region);
  if (!regionOk) return `Credential should be scoped to a valid region, not '${auth.region}'.`;
  const amzDate = headerValue(request.headers, "x-amz-date");
  const signedAt = amzDate === undefined ? NaN : amzDateMs(amzDate);
  if (Number.isNaN(signedAt)) return undefined; // no usable date: the signature check refuses it
  const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;
  const onTime = (now: number) => Math.abs(signedAt - seconds(now)) <= MAX_CLOCK_SKEW_MS;
  if (onTime(expected.now) || (expected.alsoNow !== undefined && onTime(expected.alsoNow))) return undefined;
  const now = seconds(expected.now);
  return signedAt < now
    ? `Signature expired: ${amzDate} is now earlier than ${amzDateOf(now - MAX_CLOCK_SKEW_MS)} (${amzDateOf(now)} - 5 min.)`
    : `Signature not yet current: ${amzDate} is still later than ${amzDateOf(now + MAX_CLOCK_SKEW_MS)} (${amzDateOf(now)} + 5 min.)`;
}
