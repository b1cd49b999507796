/** Who is calling: an identity (for logs and rate limits) and what it may do. */
import type { Grant } from "./grants";

export interface Principal {
  /** "key:<name>" for an API key's principal, "jwt:<subject>" for a token's, "demo" in demo mode. */
  readonly id: string;
  readonly grants: readonly Grant[];
}
