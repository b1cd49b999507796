/**
 * The input limits, checked before GraphQL coerces anything: how deeply a
 * variable's value nests (objects and lists), how many values the variables
 * hold in all, and how deeply an input literal written in the document nests.
 * Coercion (GraphQL's, then type-graphql's) recurses once per level, so a
 * value thousands of levels deep (ProtectedQueryOutputInput.distribute holds
 * itself) would otherwise exhaust the stack. The walks here are iterative.
 * A refusal names the kind of limit and the variable, never the value.
 */
import type { RequestHandler } from "express";
import { GraphQLError, Kind, type ASTVisitor, type ValidationRule } from "graphql";
import { ErrorCode } from "../../errors/codes";
import { sendGraphQLError } from "../http-errors";
import { LIMIT_MESSAGES, type Limits } from "./limits";

/** The refusal message for variables over a limit, or undefined when they are within them (or are not an object: GraphQL says why). */
export type VariablesCheck = (variables: unknown) => string | undefined;

/** How deeply a value nests: a scalar is 0, `{}` and `[]` are 1, `{ a: [1] }` is 2. Stops counting past `max`. */
function measure(value: unknown, max: { depth: number; values: number }, counted: { values: number }): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (++counted.values > max.values) return deepest;
    if (v === null || typeof v !== "object") continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > max.depth) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) stack.push([child, level]);
  }
  return deepest;
}

const safeName = (name: string): string => (/^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name) ? `$${name}` : "a variable");

export function variablesCheck(limits: Pick<Limits, "maxInputDepth" | "maxVariableValues">): VariablesCheck {
  const max = { depth: limits.maxInputDepth, values: limits.maxVariableValues };
  return (variables) => {
    if (variables === null || typeof variables !== "object" || Array.isArray(variables)) return undefined;
    const counted = { values: 0 };
    for (const [name, value] of Object.entries(variables)) {
      if (measure(value, max, counted) > max.depth) return LIMIT_MESSAGES.inputDepth(safeName(name));
      if (counted.values > max.values) return LIMIT_MESSAGES.variableValues(safeName(name));
    }
    return undefined;
  };
}

/** The variables of every operation of the request (a GET carries them as JSON in the query string). */
function variablesOf(req: { method: string; body?: unknown; query?: unknown }): unknown[] {
  const bodies = Array.isArray(req.body) ? req.body : [req.method === "GET" ? req.query : req.body];
  return bodies.map((b) => {
    const variables = b !== null && typeof b === "object" ? (b as { variables?: unknown }).variables : undefined;
    if (typeof variables !== "string") return variables;
    try {
      return JSON.parse(variables) as unknown; // JSON.parse does not recurse; Apollo refuses what does not parse
    } catch {
      return undefined;
    }
  });
}

export const variableLimits =
  (check: VariablesCheck): RequestHandler =>
  (req, res, next) => {
    for (const variables of variablesOf(req)) {
      const refusal = check(variables);
      if (refusal) return sendGraphQLError(res, 400, refusal, ErrorCode.BAD_USER_INPUT);
    }
    next();
  };

/** Input object and list literals written in the document (arguments, default values) nest at most `maxInputDepth` levels. */
export const inputDepthRule =
  (maxInputDepth: number): ValidationRule =>
  (context): ASTVisitor => {
    let depth = 0;
    let reported = false;
    let argument = "an argument";
    const enter = () => {
      if (++depth > maxInputDepth && !reported) {
        reported = true;
        context.reportError(new GraphQLError(LIMIT_MESSAGES.inputDepth(argument)));
      }
    };
    const leave = () => {
      depth--;
    };
    return {
      Argument: { enter: (node) => void (argument = `the argument ${node.name.value}`) },
      VariableDefinition: { enter: (node) => void (argument = `the default of $${node.variable.name.value}`) },
      [Kind.OBJECT]: { enter, leave },
      [Kind.LIST]: { enter, leave },
    };
  };
