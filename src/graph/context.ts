/** What every resolver gets: the caller's accounts, what it may do in them, and this request's loaders. */
import type { Action } from "../auth/grants";
import type { Principal } from "../auth/principal";
import type { AwsAccount } from "../aws/account";
import type { OperationCalls } from "../aws/call-meter";
import type { CleanRoomsApi } from "../aws/cleanrooms-api";
import type { AccountHealth } from "../federation/account-health";
import type { AccountRouter } from "../federation/account-router";
import type { Idempotency } from "../idempotency";
import type { Watch } from "../watch";
import type { Loaders } from "./loaders";

/** What a grant lets a principal do in an account (see auth/grants.ts). */
export type { Action } from "../auth/grants";

export interface GraphContext {
  /** Who is calling (authenticated before the context exists); its id scopes rate limits (and should scope idempotency keys). */
  principal: Principal;
  /** The operation's correlation id: in its log lines, its masked errors and its audit events. */
  requestId: string;
  /** The federated accounts the caller may read, in configuration order. */
  accounts: readonly AwsAccount[];
  /** This request's reads: loaders, the routes they learn, the accounts found down (new for every subscription event). */
  loaders: Loaders;
  router: AccountRouter;
  health: AccountHealth;
  /** Whether the gateway can obtain credentials for the account (AssumeRole, cached across requests). */
  canAssume(accountId: string): Promise<boolean>;
  /**
   * Whether the caller may do `action` as the account, in `region` when one is named (grants may be limited to
   * regions); a mutation refuses with FORBIDDEN (and no AWS call) when not.
   */
  may(accountId: string, action: Action, region?: string): boolean;
  /** Writes (mutations) go through the API directly; reads go through `loaders`. Every call is counted by `calls`. */
  api: CleanRoomsApi;
  /** This operation's AWS calls: its ceiling per account and the principal's allowance (aws/call-meter.ts). */
  calls: OperationCalls;
  /** idempotencyKey records of startProtectedQuery / startProtectedJob, shared by every request (and replica, with Redis). */
  idempotency: Idempotency;
  /** Status watches: subscriptions subscribe through it, mutations publish their results to it. */
  watch: Watch;
}
