/** What every resolver gets: the caller's accounts and this request's loaders. */
import type { AwsAccount } from "../aws/account";
import type { AccountHealth } from "../federation/account-health";
import type { Loaders } from "./loaders";

export interface GraphContext {
  /** The federated accounts the caller may act as, in configuration order. */
  accounts: readonly AwsAccount[];
  loaders: Loaders;
  health: AccountHealth;
  /** Whether the gateway can obtain credentials for the account (AssumeRole, cached across requests). */
  canAssume(accountId: string): Promise<boolean>;
}
