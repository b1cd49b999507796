/**
 * API keys: the configuration lists each key by its SHA-256 only (never the
 * key itself), with the principal it names and that principal's grants. A
 * presented key is hashed and compared with every listed hash in constant
 * time, so neither the configuration nor the timing reveals a key.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Grant } from "./grants";
import type { Principal } from "./principal";

export interface ApiKeyEntry {
  /** Hex SHA-256 of the key's UTF-8 bytes. */
  sha256: string;
  /** The principal's name (logs, rate limits). */
  principal: string;
  grants: readonly Grant[];
}

/** The hash to put in the configuration for a key: `hashApiKey(key)`, or `printf %s "$KEY" | sha256sum`. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export class ApiKeys {
  private readonly entries: { digest: Buffer; principal: Principal }[];

  constructor(entries: readonly ApiKeyEntry[]) {
    this.entries = entries.map((e) => ({
      digest: Buffer.from(e.sha256.toLowerCase(), "hex"),
      principal: { id: `key:${e.principal}`, grants: e.grants },
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The principal of a presented key, or undefined. Every entry is compared, match or not. */
  find(key: string): Principal | undefined {
    const digest = createHash("sha256").update(key, "utf8").digest();
    let found: Principal | undefined;
    for (const e of this.entries) {
      if (e.digest.length === digest.length && timingSafeEqual(e.digest, digest) && !found) found = e.principal;
    }
    return found;
  }
}
