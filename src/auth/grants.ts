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
 *
 * A grant may name regions (Clean Rooms is regional): it then covers the
 * account's collaborations, memberships and runs in those regions only, for
 * reading and acting alike. Without `regions` it covers every region.
 */

export const ACTIONS = ["read", "vote", "commit", "run"] as const;
export type Action = (typeof ACTIONS)[number];

/** Every account. */
export const ANY_ACCOUNT = "*";

export interface Grant {
  /** Account ids, or "*" for every federated account. */
  readonly accounts: readonly string[];
  readonly actions: readonly Action[];
  /** The regions the grant covers in its accounts; every region when left out. */
  readonly regions?: readonly string[];
}

/** Everything everywhere: the demo principal and the operator in tests. */
export const FULL_ACCESS: readonly Grant[] = Object.freeze([{ accounts: [ANY_ACCOUNT], actions: [...ACTIONS] }]);

const covers = (grant: Grant, accountId: string): boolean => grant.accounts.includes(ANY_ACCOUNT) || grant.accounts.includes(accountId);

/** Undefined: any region (whether the grant allows the action somewhere in the account). */
const coversRegion = (grant: Grant, region: string | undefined): boolean => region === undefined || grant.regions === undefined || grant.regions.includes(region);

/** Whether the grants allow `action` as the account, in `region` when one is named (else in some region). */
export function may(grants: readonly Grant[], accountId: string, action: Action, region?: string): boolean {
  return grants.some((g) => covers(g, accountId) && coversRegion(g, region) && (action === "read" ? g.actions.length > 0 : g.actions.includes(action)));
}

/** The regions, of those given (the account's), in which the grants let the principal read the account. */
export function readableRegions(grants: readonly Grant[], accountId: string, regions: readonly string[]): string[] {
  return regions.filter((r) => may(grants, accountId, "read", r));
}

/** The regions an account lists: `regions`, else its one `region`. */
const regionsOfAccount = (a: { region?: string; regions?: readonly string[] }): readonly string[] | undefined =>
  a.regions && a.regions.length > 0 ? a.regions : a.region !== undefined ? [a.region] : undefined;

/** The accounts the grants let the principal read (in one of their regions, when they list any), in the order given (configuration order). */
export function readableAccounts<A extends { accountId: string; region?: string; regions?: readonly string[] }>(grants: readonly Grant[], accounts: readonly A[]): A[] {
  return accounts.filter((a) => {
    const regions = regionsOfAccount(a);
    return regions === undefined ? may(grants, a.accountId, "read") : readableRegions(grants, a.accountId, regions).length > 0;
  });
}
