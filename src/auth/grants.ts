/**
 * What a principal may do, as pure functions over its grants.
 *
 * The model: a grant names accounts (12-digit ids, or "*" for every
 * federated account) and actions; a principal holds a list of grants, and an
 * action is allowed in an account when any grant covering the account lists
 * it. The actions:
 *   - read:   see the account, its memberships, collaborations and runs;
 *   - vote:   approve or deny change requests as the account;
 *   - commit: create, commit and cancel change requests as the account (the creator's role);
 *   - run:    start and cancel protected queries and jobs, and change the
 *             membership's payment configuration, as the account.
 * Any action in an account implies reading it: a principal cannot act on
 * what it cannot see, and a grant that says `[vote]` means "vote there".
 */

export const ACTIONS = ["read", "vote", "commit", "run"] as const;
export type Action = (typeof ACTIONS)[number];

/** Every account. */
export const ANY_ACCOUNT = "*";

export interface Grant {
  /** Account ids, or "*" for every federated account. */
  readonly accounts: readonly string[];
  readonly actions: readonly Action[];
}

/** Everything everywhere: the demo principal and the operator in tests. */
export const FULL_ACCESS: readonly Grant[] = Object.freeze([{ accounts: [ANY_ACCOUNT], actions: [...ACTIONS] }]);

const covers = (grant: Grant, accountId: string): boolean => grant.accounts.includes(ANY_ACCOUNT) || grant.accounts.includes(accountId);

/** Whether the grants allow `action` as the account. */
export function may(grants: readonly Grant[], accountId: string, action: Action): boolean {
  return grants.some((g) => covers(g, accountId) && (action === "read" ? g.actions.length > 0 : g.actions.includes(action)));
}

/** The accounts the grants let the principal read, in the order given (configuration order). */
export function readableAccounts<A extends { accountId: string }>(grants: readonly Grant[], accounts: readonly A[]): A[] {
  return accounts.filter((a) => may(grants, a.accountId, "read"));
}
