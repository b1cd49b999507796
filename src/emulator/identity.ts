/**
 * Who is calling. The gateway's IAM user has long-term keys from the
 * scenario; AssumeRole mints temporary credentials for the roles the
 * scenario defines. Every request is attributed to the account of its access
 * key, or refused the way AWS refuses it.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import { roleArn, type Scenario, type ScenarioAccount } from "./scenario";

export interface Principal {
  accountId: string;
  /** The caller's ARN as GetCallerIdentity reports it. */
  arn: string;
  userId: string;
  accessKeyId: string;
}

interface KeyRecord extends Principal {
  secretAccessKey: string;
  sessionToken?: string;
  /** Epoch ms; temporary credentials only. */
  expiration?: number;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
  assumedRoleArn: string;
  assumedRoleId: string;
}

/** Why a request could not be attributed; each protocol words it as its service does. */
export type AuthFailure = "missing" | "unknown-key" | "expired" | "bad-signature" | "bad-token";

export class AuthError extends Error {
  constructor(readonly failure: AuthFailure) {
    super(failure);
  }
}

export interface AssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  durationSeconds?: number;
}

export class AssumeRoleDenied extends Error {}

/** The parts of a SigV4 Authorization header. */
export interface SigV4Header {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export function parseAuthorization(value: string | undefined): SigV4Header | undefined {
  const m = value?.match(
    /^AWS4-HMAC-SHA256\s+Credential=([^/\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/,
  );
  if (!m) return undefined;
  return { accessKeyId: m[1], date: m[2], region: m[3], service: m[4], signedHeaders: m[5].split(";"), signature: m[6] };
}

export class IdentityStore {
  private readonly keys = new Map<string, KeyRecord>();
  private roles = new Map<string, ScenarioAccount>();

  constructor(
    private readonly clock: Clock,
    /** Default lifetime of AssumeRole credentials when the caller names none. */
    private readonly credentialLifetimeSeconds: number,
  ) {}

  /** Forgets every temporary credential and takes the scenario's identities. */
  load(scenario: Scenario): void {
    this.keys.clear();
    const g = scenario.gateway;
    this.keys.set(g.accessKeyId, {
      accountId: g.accountId,
      arn: `arn:aws:iam::${g.accountId}:user/${g.userName}`,
      userId: `AIDA${g.accessKeyId.slice(4, 20)}`,
      accessKeyId: g.accessKeyId,
      secretAccessKey: g.secretAccessKey,
    });
    this.roles = new Map(scenario.accounts.map((a) => [roleArn(a), a]));
  }

  /**
   * The principal behind an access key, checking the session token and the
   * expiry of temporary credentials. Signature checking is the protocol's job
   * (it needs the request); it asks `secretFor` first.
   */
  principal(accessKeyId: string, sessionToken: string | undefined): Principal {
    const key = this.keys.get(accessKeyId);
    if (!key) throw new AuthError("unknown-key");
    if (key.sessionToken !== undefined && key.sessionToken !== sessionToken) throw new AuthError("bad-token");
    if (key.expiration !== undefined && this.clock.now() >= key.expiration) throw new AuthError("expired");
    return { accountId: key.accountId, arn: key.arn, userId: key.userId, accessKeyId: key.accessKeyId };
  }

  secretFor(accessKeyId: string): string | undefined {
    return this.keys.get(accessKeyId)?.secretAccessKey;
  }

  assumeRole(caller: Principal, params: AssumeRoleParams): TemporaryCredentials {
    const account = this.roles.get(params.roleArn);
    const deny = () =>
      new AssumeRoleDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${params.roleArn}`);
    if (!account) throw deny();
    // A trust policy with an sts:ExternalId condition needs exactly that id; one without ignores any id sent.
    if (account.role.externalId !== undefined && account.role.externalId !== params.externalId) throw deny();
    const lifetime = params.durationSeconds ?? this.credentialLifetimeSeconds;
    const roleId = `AROA${account.accountId}${account.role.name.length.toString().padStart(4, "0")}`;
    const credentials: TemporaryCredentials = {
      accessKeyId: `ASIA${randomBytes(8).toString("hex").toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: `FwoG${randomBytes(48).toString("base64")}`,
      expiration: this.clock.now() + lifetime * 1000,
      assumedRoleArn: `arn:aws:sts::${account.accountId}:assumed-role/${account.role.name}/${params.roleSessionName}`,
      assumedRoleId: `${roleId}:${params.roleSessionName}`,
    };
    this.keys.set(credentials.accessKeyId, {
      accountId: account.accountId,
      arn: credentials.assumedRoleArn,
      userId: credentials.assumedRoleId,
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration,
    });
    return credentials;
  }
}

export const requestId = (): string => randomUUID();
