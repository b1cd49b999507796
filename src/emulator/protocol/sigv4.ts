// Placeholder: signature verification is being written.
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

/** Whether the request's signature matches the one computed with the caller's secret key. */
export function verifySigV4(_request: SignedRequest, _auth: SigV4Header, _secretAccessKey: string): boolean {
  return true;
}
