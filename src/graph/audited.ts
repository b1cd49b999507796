/**
 * Every mutation leaves one audit event (audit/event.ts), allowed or
 * refused, over HTTP and graphql-ws alike: each Mutation field's resolver is
 * wrapped once, when the schema is built, so no mutation can forget it.
 */
import { GraphQLError, type GraphQLSchema } from "graphql";
import { auditEvent } from "../audit/event";
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
