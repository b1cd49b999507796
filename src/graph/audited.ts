/**
 * Every mutation leaves one audit event (audit/event.ts), allowed or
 * refused, over HTTP and graphql-ws alike: each Mutation field's resolver is
 * wrapped once, when the schema is built, so no mutation can forget it; and
 * a mutation the transport refused before any resolver ran (rate limit, the
 * AWS-call estimate, validation, input limits) is recorded by
 * `auditRefusedMutation`, one event per root field, its targets read from
 * the document's literal arguments and the variables.
 */
import { GraphQLError, Kind, valueFromASTUntyped, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { auditEvent } from "../audit/event";
import type { ThrottledRefusals } from "../audit/throttled";
import type { AuditTrail } from "../audit/trail";
import { ErrorCode } from "../errors/codes";
import type { GraphContext } from "./context";

export function auditMutations(schema: GraphQLSchema, trail: AuditTrail): void {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = async (source, args: Record<string, unknown>, ctx: GraphContext, info) => {
      const writesBefore = ctx.calls.writes().length;
      const record = (outcome: { result?: unknown; errorCode?: string }) =>
        trail.record(
          auditEvent({
            action: field.name,
            args,
            ...outcome,
            principal: ctx.principal.id,
            requestId: ctx.requestId,
            wroteAs: ctx.calls.writes().slice(writesBefore),
            time: new Date(),
          }),
        );
      try {
        const result: unknown = await resolve(source, args, ctx, info);
        record({ result });
        return result;
      } catch (e) {
        const code = e instanceof GraphQLError ? e.extensions.code : undefined;
        record({ errorCode: typeof code === "string" ? code : ErrorCode.INTERNAL_SERVER_ERROR });
        throw e;
      }
    };
  }
}

/** A mutation operation the transport refused before it ran, from a known principal. */
export interface RefusedMutation {
  operation: OperationDefinitionNode;
  variables: unknown;
  principalId: string;
  requestId: string;
  /** The code the caller got. */
  errorCode: string;
}

/** `throttled`: how THROTTLED refusals are thinned (one per principal per second); others are all recorded. */
export function auditRefusedMutation(trail: AuditTrail, refused: RefusedMutation, throttled?: ThrottledRefusals, now = performance.now()): void {
  let repeated = 0;
  if (throttled && refused.errorCode === ErrorCode.THROTTLED) {
    const admitted = throttled.admit(refused.principalId, now);
    if (!admitted.record) return;
    repeated = admitted.repeated;
  }
  const variables = refused.variables !== null && typeof refused.variables === "object" && !Array.isArray(refused.variables) ? (refused.variables as Record<string, unknown>) : undefined;
  for (const selection of refused.operation.selectionSet.selections) {
    // Root fields only: a fragment at the root is rare, and its fields' targets would not be cheap to tell.
    if (selection.kind !== Kind.FIELD || selection.name.value.startsWith("__")) continue;
    const args = Object.fromEntries((selection.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variables)]));
    const event = auditEvent({ action: selection.name.value, args, errorCode: refused.errorCode, principal: refused.principalId, requestId: refused.requestId, wroteAs: [], time: new Date() });
    trail.record(repeated > 0 ? { ...event, repeated } : event);
  }
}
