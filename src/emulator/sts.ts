/** STS: AssumeRole for the roles the scenario defines, and GetCallerIdentity. */
import { AwsError } from "./errors";
import { AssumeRoleDenied, type IdentityStore, type Principal } from "./identity";

export type StsOperation = "AssumeRole" | "GetCallerIdentity";
export const stsOperations: readonly StsOperation[] = ["AssumeRole", "GetCallerIdentity"];

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function handleSts(
  identity: IdentityStore,
  caller: Principal,
  operation: StsOperation,
  input: Record<string, unknown>,
): Record<string, unknown> {
  if (operation === "GetCallerIdentity") {
    return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn };
  }
  try {
    const c = identity.assumeRole(caller, {
      roleArn: input.RoleArn as string,
      roleSessionName: input.RoleSessionName as string,
      externalId: input.ExternalId as string | undefined,
      durationSeconds: input.DurationSeconds as number | undefined,
    });
    return {
      Credentials: {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        SessionToken: c.sessionToken,
        Expiration: isoSeconds(c.expiration),
      },
      AssumedRoleUser: { AssumedRoleId: c.assumedRoleId, Arn: c.assumedRoleArn },
    };
  } catch (e) {
    if (e instanceof AssumeRoleDenied) throw new AwsError("AccessDenied", 403, e.message);
    throw e;
  }
}
