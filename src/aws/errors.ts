/**
 * AWS failures in the words of the GraphQL contract. `classifyAwsError`
 * never throws and never lets a role ARN, an access key id, a request id or
 * a stack trace through: client errors keep AWS's message (it names the
 * field or the resource), scrubbed; everything else gets a fixed message.
 * It expects errors as they leave `ClientPool.send`, i.e. after retries.
 */
import { ErrorCode } from "../errors/codes";
import { CallBudgetExceeded } from "./call-meter";
import { GovernorWaitError } from "./governor";
import { errorCode, GATEWAY_THROTTLING_ERROR_CODES, httpStatusOf, isConnectionError, isServerError, isThrottlingError } from "./retry";

export { ErrorCode };

export interface ClassifiedError {
  code: ErrorCode;
  message: string;
  accountId: string;
}

/** The gateway could not obtain credentials for an account (AssumeRole failed); `cause` holds STS's error. */
export class AccountCredentialsError extends Error {
  override readonly name = "AccountCredentialsError";
  constructor(
    readonly accountId: string,
    cause: unknown,
  ) {
    super(`could not assume the role of account ${accountId}`, { cause });
  }
}

/** A request named an account the gateway is not configured for. */
export class UnknownAccountError extends Error {
  override readonly name = "UnknownAccountError";
  constructor(readonly accountId: string) {
    super(`Account ${accountId} is not federated by this gateway.`);
  }
}

/** Client errors whose AWS message is worth showing (scrubbed). */
const CLIENT_ERRORS: Readonly<Record<string, ErrorCode>> = {
  ValidationException: ErrorCode.BAD_USER_INPUT,
  AccessDeniedException: ErrorCode.FORBIDDEN,
  ResourceNotFoundException: ErrorCode.NOT_FOUND,
  ConflictException: ErrorCode.CONFLICT,
};

/**
 * AWS refusing the gateway's own identity for an account: STS denying
 * AssumeRole (wrong ExternalId, trust policy), or the service rejecting
 * the session. Nothing the caller of the graph can fix.
 */
export const ACCOUNT_AUTH_ERROR_CODES: readonly string[] = [
  "AccessDenied",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClient",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
];

export const isExpiredTokenError = (e: unknown): boolean => ["ExpiredToken", "ExpiredTokenException"].includes(errorCode(e));

type Redaction = readonly [RegExp, string];

/** IAM and STS principals: roles, assumed-role sessions, users. The operator's log keeps them (they say which role failed). */
const PRINCIPALS: Redaction = [/arn:aws[a-z-]*:(?:iam|sts)::\d{12}:[^\s"',;)]+/g, "[redacted principal]"];

/** What reaches neither a client nor the log, and what stands in for it. */
const IDS: readonly Redaction[] = [
  // Access key ids (long-term AKIA, temporary ASIA) and other IAM unique ids.
  [/\b(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|APKA)[A-Z0-9]{12,}\b/g, "[redacted id]"],
  // "(Request ID: …)", "RequestId: …", with the parentheses around it.
  [/\s*\(?\b(?:request[ _-]?id|x-amzn-requestid|x-amz-request-id)\s*[:=]?\s*[\w-]+\)?/gi, ""],
];

const messageOf = (error: unknown): string => {
  const m = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof m === "string" ? m : "";
};

function redact(message: string, redactions: readonly Redaction[]): string {
  let out = message.split(/\n\s*at\s/)[0];
  for (const [pattern, replacement] of redactions) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, " ").replace(/\s+([.,;:])$/, "$1").trim();
}

/** AWS's message without secrets, stack frames or request ids. */
export const scrubMessage = (message: string): string => redact(message, [PRINCIPALS, ...IDS]);

/**
 * Why AWS refused, for the operator's log and /healthz: the code (the
 * service's, or the socket's such as ECONNREFUSED when no answer came) and
 * AWS's message without stack frames, request ids or access key ids. Role
 * ARNs stay: the log is the operator's, and they say which trust failed.
 * An AccountCredentialsError is described by STS's error inside it.
 */
export function describeAwsError(error: unknown): { code: string; message: string } {
  const e = error instanceof AccountCredentialsError ? error.cause : error;
  const socketCode = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  const code = isConnectionError(e) && typeof socketCode === "string" ? socketCode : errorCode(e) || "Error";
  return { code, message: redact(messageOf(e), IDS).slice(0, 500) };
}

/**
 * Whether a failed write's error proves nothing was done: AWS answered 4xx
 * (it checks and throttles before acting), or no request left (no
 * credentials, unknown account, the governor's wait spent). After a 5xx or a dropped connection the
 * write may have happened.
 */
export function provesNoEffect(error: unknown): boolean {
  if (error instanceof AccountCredentialsError || error instanceof UnknownAccountError) return true;
  if (GATEWAY_THROTTLING_ERROR_CODES.includes(errorCode(error))) return true; // the governor sent nothing
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}

export function classifyAwsError(error: unknown, accountId: string): ClassifiedError {
  try {
    return classify(error, accountId);
  } catch {
    return { code: ErrorCode.INTERNAL_SERVER_ERROR, message: "Internal server error.", accountId };
  }
}

function classify(error: unknown, accountId: string): ClassifiedError {
  const result = (code: ErrorCode, message: string): ClassifiedError => ({ code, message, accountId });
  const unavailable = (why: string) => result(ErrorCode.ACCOUNT_UNAVAILABLE, `Account ${accountId} is unavailable: ${why}.`);

  if (error instanceof UnknownAccountError) return result(ErrorCode.NOT_FOUND, error.message);
  if (error instanceof CallBudgetExceeded) return result(ErrorCode.THROTTLED, error.message);
  // The gateway's own pacing, not AWS: the account is fine, its calls are queued past the wait bound.
  if (error instanceof GovernorWaitError) return result(ErrorCode.THROTTLED, `Too many calls for account ${accountId} are waiting their turn in the gateway; try again later.`);
  if (error instanceof AccountCredentialsError) return unavailable("the gateway could not assume its role");
  const code = errorCode(error);
  const client = CLIENT_ERRORS[code];
  if (client) return result(client, scrubMessage(messageOf(error)) || `${code}.`);
  if (ACCOUNT_AUTH_ERROR_CODES.includes(code)) return unavailable("AWS refused the gateway's credentials for it");
  if (isThrottlingError(error)) return result(ErrorCode.THROTTLED, `AWS is throttling requests for account ${accountId}; try again later.`);
  if (isConnectionError(error)) return unavailable("the connection to AWS failed");
  if (isServerError(error) || (httpStatusOf(error) ?? 0) >= 500) return result(ErrorCode.UPSTREAM_ERROR, `AWS Clean Rooms failed to answer for account ${accountId}.`);
  return result(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error.");
}
