import type { GovernorSettings } from "./governor";

/** A member account the gateway federates, as configured. */
export interface AwsAccount {
  /** 12-digit AWS account id. */
  accountId: string;
  /** A readable name (e.g. "advertiser-prod"); never used for authorization. */
  alias?: string;
  /** Home region of the account's Clean Rooms resources, e.g. "us-east-1". */
  region: string;
  /** The role the gateway assumes in that account. */
  roleArn: string;
  /** The ExternalId the role's trust policy demands, when it demands one. */
  externalId?: string;
  /** RoleSessionName for AssumeRole; "cleanrooms-graph" by default. */
  sessionName?: string;
  /** This account's own call budget, over the gateway's (ClientPoolOptions.governor). */
  governor?: Partial<GovernorSettings>;
}

export const DEFAULT_SESSION_NAME = "cleanrooms-graph";
