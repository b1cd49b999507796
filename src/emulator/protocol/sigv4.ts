/**
 * AWS Signature Version 4, checked the way AWS checks it: the emulator
 * rebuilds the canonical request from what arrived on the wire, signs it
 * with the caller's secret key and compares in constant time.
 *
 * Readings chosen:
 * - No clock-skew check: the emulator's clock may be manual and moved by
 *   tests, so X-Amz-Date is not compared with it. The credential scope's date
 *   must still be X-Amz-Date's date, as AWS requires.
 * - The canonical URI is the path as sent, dot segments and empty segments
 *   removed, then URI-encoded once more (every service but S3 signs the
 *   encoded path encoded again; the SDK and botocore both do).
 * - x-amz-content-sha256, when sent, stands for the body in the canonical
 *   request; a hex value that is not the body's hash is refused.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { SigV4Header } from "../identity";

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
