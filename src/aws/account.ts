import type { GovernorSettings } from "./governor";

/** A member account the gateway federates, as configured. */
export interface AwsAccount {
  /** 12-digit AWS account id. */
  accountId: string;
  /** A readable name (e.g. "advertiser-prod"); never used for authorization. */
  alias?: string;
  /** Home region of the account's Clean Rooms resources, e.g. "us-east-1": the first of `regions`. */
  region: string;
  /**
   * Every region the account holds Clean Rooms resources in (Clean Rooms is regional), `region` first; just `region`
   * when left out.
   */
  regions?: readonly string[];
  /** Where the account's role is assumed (STS): `region` when left out. Credentials serve every region. */
  stsRegion?: string;
  /** The role the gateway assumes in that account. */
  roleArn: string;
  /** The ExternalId the role's trust policy demands, when it demands one. */
  externalId?: string;
  /** RoleSessionName for AssumeRole; "cleanrooms-graph" by default. */
  sessionName?: string;
  /** This account's own call budget, over the gateway's (ClientPoolOptions.governor). */
  governor?: Partial<GovernorSettings>;
  /** This account's own per-attempt timeout, over the gateway's (ClientPoolOptions.callTimeoutMs). */
  callTimeoutMs?: number;
}

export const DEFAULT_SESSION_NAME = "cleanrooms-graph";

/** The regions the account's Clean Rooms resources live in, its home region first. */
export function accountRegions(account: Pick<AwsAccount, "region" | "regions">): readonly string[] {
  return account.regions && account.regions.length > 0 ? account.regions : [account.region];
}

/** The key of an account's region: clients, governors and polling budgets are per account and region, as AWS quotas are. */
export const regionKey = (accountId: string, region: string): string => `${accountId}/${region}`;
