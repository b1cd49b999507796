/** What every resolver gets: the caller's accounts, what it may do in them, and this request's loaders. */
import type { AwsAccount } from "../aws/account";
import type { AccountHealth } from "../federation/account-health";
import type { Loaders } from "./loaders";

/** What a grant lets a principal do in an account. */
export type Action = "read" | "vote" | "commit" | "run";

export interface GraphContext {
  /** The federated accounts the caller may read, in configuration order. */
  accounts: readonly AwsAccount[];
  loaders: Loaders;
  health: AccountHealth;
  /** Whether the gateway can obtain credentials for the account (AssumeRole, cached across requests). */
  canAssume(accountId: string): Promise<boolean>;
  /** Whether the caller may do `action` as the account; a mutation refuses with FORBIDDEN (and no AWS call) when not. */
  may(accountId: string, action: Action): boolean;
}
