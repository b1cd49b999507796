/**
 * AWS errors as the emulator throws them. A handler throws an `AwsError`; the
 * protocol layer (rest-json or aws-query) turns it into the wire form with
 * the HTTP status and error members that the reference model declares.
 */
export class AwsError extends Error {
  constructor(
    /** The error shape's name, e.g. "ValidationException"; sent as X-Amzn-Errortype. */
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    /** Error members besides `message`, e.g. { reason: "INVALID_STATE" }. */
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export interface FieldProblem {
  name: string;
  message: string;
}

export const validation = (message: string, fieldList?: FieldProblem[]): AwsError =>
  new AwsError("ValidationException", 400, message, {
    reason: "FIELD_VALIDATION_FAILED",
    ...(fieldList ? { fieldList } : {}),
  });

/** A field-level ValidationException: the message names the field, as AWS's do. */
export const invalidField = (name: string, message: string): AwsError =>
  validation(`${name}: ${message}`, [{ name, message }]);

export const accessDenied = (message: string): AwsError =>
  new AwsError("AccessDeniedException", 403, message, { reason: "INSUFFICIENT_PERMISSIONS" });

export type ResourceType = "COLLABORATION" | "MEMBERSHIP" | "CONFIGURED_TABLE" | "CONFIGURED_TABLE_ASSOCIATION";

/**
 * The model's ResourceType enum has no value for change requests or runs; the
 * emulator names the enclosing resource (COLLABORATION, MEMBERSHIP) there.
 */
export const notFound = (resourceType: ResourceType, resourceId: string, message?: string): AwsError =>
  new AwsError("ResourceNotFoundException", 404, message ?? `${resourceType.toLowerCase()} ${resourceId} not found`, {
    resourceId,
    resourceType,
  });

export const conflict = (
  message: string,
  reason: "INVALID_STATE" | "ALREADY_EXISTS" | "SUBRESOURCES_EXIST",
  resource?: { resourceId: string; resourceType?: ResourceType },
): AwsError => new AwsError("ConflictException", 409, message, { reason, ...(resource ?? {}) });

export const throttling = (): AwsError => new AwsError("ThrottlingException", 429, "Rate exceeded");

export const internal = (): AwsError =>
  new AwsError("InternalServerException", 500, "An internal error occurred. Please try again.");

/** Authentication failures of a rest-json service (the codes AWS's front door answers with). */
export const unrecognizedClient = (): AwsError =>
  new AwsError("UnrecognizedClientException", 403, "The security token included in the request is invalid.");
export const expiredToken = (): AwsError =>
  new AwsError("ExpiredTokenException", 403, "The security token included in the request is expired");
export const invalidSignature = (
  message = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
): AwsError => new AwsError("InvalidSignatureException", 403, message);
export const missingAuthentication = (): AwsError =>
  new AwsError("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
