/**
 * The bounds every request is held to, with defaults that let a rich
 * frontend query through (the dashboard in schema/operations costs well under
 * them: its estimate is about 1.1 million, under the 2 million bound) and
 * stop the documents that exist only to exhaust the gateway (three nested
 * full pages of change requests estimate over 3 million).
 * Callers who hit a bound are told which kind it is, never its value.
 */
import { DEFAULTS } from "../../defaults";

export interface RateLimit {
  /** Operations a principal may send at once (the bucket's size). */
  burst: number;
  /** Operations per second the bucket refills with. */
  perSecond: number;
}

export interface Limits {
  /** Nesting of selections, fragments expanded (a root field is depth 1). */
  maxDepth: number;
  /** Estimated values in the response: each field counts once per parent, a connection `first` times (100 when not given), other lists 5 times. */
  maxCost: number;
  /** Aliased fields in a document. */
  maxAliases: number;
  /** One response name in one selection set (each repeat makes validation quadratic and answers nothing new). */
  maxRepeatedField: number;
  /** Lexical tokens in a document (parsing stops beyond). */
  maxTokens: number;
  /** Operations in one batched HTTP request (1: batching off). */
  maxBatchedOperations: number;
  /** Request body size in bytes (a maximal 500,000-character SQL query fits the default). */
  maxBodyBytes: number;
  /** Nesting of input objects and lists, in a variable's value or a literal in the document (checked before coercion, which recurses per level). */
  maxInputDepth: number;
  /** Values (scalars, objects and lists, each counted) in the variables of one operation. */
  maxVariableValues: number;
  /** Per-principal token bucket of operations (and graphql-ws connection_init messages); false turns it off. */
  rateLimit: RateLimit | false;
  /**
   * AWS calls one operation (or one subscription event) may make to any one member account: the estimate
   * (aws-call-estimate.ts) must be within it before the operation runs, and calls past it while it runs are refused
   * (THROTTLED naming the account). false: no bound.
   */
  maxAwsCallsPerOperation: number | false;
  /** Per-principal token bucket of AWS calls: every Clean Rooms call made for the principal takes one. false turns it off. */
  awsCallRate: RateLimit | false;
  /** Open graphql-ws connections per principal; the next `connection_init` is refused (1013). false: no cap. */
  maxConnectionsPerPrincipal: number | false;
  /**
   * Per client address, a token bucket of failed authentications (HTTP requests and WebSocket handshakes); once empty,
   * every request and upgrade from that address gets 429 THROTTLED before any token is verified. false turns it off.
   */
  anonymousRateLimit: RateLimit | false;
}

export const DEFAULT_LIMITS: Readonly<Limits> = DEFAULTS.limits;

export function resolveLimits(given: Partial<Limits> = {}): Limits {
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<Limits>;
  return { ...DEFAULT_LIMITS, ...defined };
}

/** What a caller is told; deliberately without numbers. */
export const LIMIT_MESSAGES = {
  depth: "The operation is nested too deeply.",
  cost: "The operation could return too much data; ask for fewer fields or smaller pages.",
  aliases: "The operation uses too many aliases.",
  repeatedField: "The operation repeats a field too often.",
  tokens: "The operation is too large.",
  awsCalls: "The operation could make too many AWS calls to one account; ask for fewer lists, fewer distinct arguments or smaller pages.",
  awsCallRate: "Too many AWS calls for this principal; retry later.",
  batch: "The request carries too many operations.",
  introspection: "Introspection is disabled on this gateway.",
  /** `where` names the variable or argument ("$input", "the argument input"), never its value. */
  inputDepth: (where: string) => `The input of ${where} is nested too deeply.`,
  variableValues: (where: string) => `The variables hold too many values (the bound was passed in ${where}).`,
} as const;
