/** Who is calling: an identity (for logs and rate limits) and what it may do. */
import type { Grant } from "./grants";

export interface Principal {
  /** "key:<name>" for an API key's principal (the demo's is "key:demo"), "jwt:<subject>" for a token's. */
  readonly id: string;
  readonly grants: readonly Grant[];
}
