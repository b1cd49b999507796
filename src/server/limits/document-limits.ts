/**
 * The document limits, checked before Apollo parses and validates: a
 * document built to make GraphQL's own validation expensive (thousands of
 * fields to compare for merging, fragments that fan out) is turned away
 * after one linear pass, with a 400 and a GraphQL error that names the kind
 * of limit only. Documents that pass go on to Apollo unchanged; a syntax
 * error is left for Apollo to report. `checkDocument` is the same check for
 * transports that do not come through express (graphql-ws).
 */
import type { RequestHandler } from "express";
import { parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { ErrorCode } from "../../errors/codes";
import { sendGraphQLError } from "../http-errors";
import { LIMIT_MESSAGES, type Limits } from "./limits";
import { limitRules } from "./rules";

const TOKEN_LIMIT = /Document contains more th\w* \d+ tokens/;

/** The refusal message for a document over a limit, or undefined when it is within them (or does not parse: GraphQL says why). */
export type DocumentCheck = (query: string) => string | undefined;

/** Verdicts remembered, by document text: frontends send the same few documents again and again (long ones are not kept). */
const REMEMBERED = 1_000;
const REMEMBERED_LENGTH = 20_000;

export function documentCheck(schema: GraphQLSchema, limits: Limits, options: { introspection: boolean }): DocumentCheck {
  const rules = limitRules(limits, options);
  const verdicts = new Map<string, string | undefined>();
  const check = (query: string): string | undefined => {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
    } catch (e) {
      return TOKEN_LIMIT.test((e as Error).message) ? LIMIT_MESSAGES.tokens : undefined;
    }
    return validate(schema, document, rules, { maxErrors: 1 })[0]?.message;
  };
  return (query) => {
    if (verdicts.has(query)) return verdicts.get(query);
    const verdict = check(query);
    if (query.length > REMEMBERED_LENGTH) return verdict;
    // Oldest first out: a stream of distinct documents (an attack) cannot grow the memory.
    if (verdicts.size >= REMEMBERED) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(query, verdict);
    return verdict;
  };
}

/** Every operation of the request (one, or each of a batch; GET carries it in the query string). */
function queriesOf(req: { method: string; body?: unknown; query?: unknown }): unknown[] {
  const bodies = Array.isArray(req.body) ? req.body : [req.method === "GET" ? req.query : req.body];
  return bodies.map((b) => (b !== null && typeof b === "object" ? (b as { query?: unknown }).query : undefined));
}

export const documentLimits =
  (check: DocumentCheck): RequestHandler =>
  (req, res, next) => {
    for (const query of queriesOf(req)) {
      if (typeof query !== "string") continue; // Apollo answers a missing or mistyped query
      const refusal = check(query);
      if (refusal) return sendGraphQLError(res, 400, refusal, ErrorCode.BAD_USER_INPUT);
    }
    next();
  };
