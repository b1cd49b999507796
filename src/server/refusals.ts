/**
 * Mutations refused before they ran, from a known principal, told to whoever
 * keeps the audit trail (app.ts): a resolver that never ran cannot record
 * its own refusal. Both transports report here, at the one point each
 * refusal leaves:
 * - `watchHttp`: the guard's own refusals before Apollo (rate limit, the
 *   AWS-call allowance, batch, document and input limits). A request refused
 *   before its body was read (the rate limit's first token, the allowance)
 *   has its body read after the answer has gone, bounded by the body size
 *   limit, only to tell what it asked; Node would read and discard it anyway
 *   to keep the connection usable;
 * - `refusalPlugin`: Apollo's answers with errors and no `data` (validation,
 *   variables, limits.plugin.ts: the AWS-call estimate), which executed nothing;
 * - ws.ts: graphql-ws's refusals (onSubscribe's, and answers with no `data`).
 * Unauthenticated requests have no principal and are not told: the access
 * log has them.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import { getOperationAST, parse, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { ErrorCode } from "../errors/codes";
import type { RefusedMutation } from "../graph/audited";
import type { GraphContext } from "../graph/context";
import { principalOf } from "./authenticate.middleware";

/** What the audit trail records of a refused mutation (graph/audited.ts). */
export type MutationRefusal = RefusedMutation;

export type RefusalObserver = (refusal: MutationRefusal) => void;

/** The mutation `query` names (a document's text is parsed within `maxTokens`), or undefined for anything else. */
export function mutationOf(query: unknown, operationName: unknown, maxTokens: number): OperationDefinitionNode | undefined {
  let document: DocumentNode;
  if (typeof query === "string") {
    if (!query.includes("mutation")) return undefined; // the cheap check first: most refused traffic is queries
    try {
      document = parse(query, { maxTokens, noLocation: true });
    } catch {
      return undefined; // not a document: nothing it asked can be told
    }
  } else if (query !== null && typeof query === "object" && (query as DocumentNode).kind === "Document") {
    document = query as DocumentNode;
  } else return undefined;
  const operation = getOperationAST(document, typeof operationName === "string" ? operationName : undefined);
  return operation?.operation === "mutation" ? operation : undefined;
}

/** The code of a refusal the guard answered itself (sendGraphQLError), by its status. */
const codeOfStatus = (status: number): string =>
  status === 429 ? ErrorCode.THROTTLED : status === 403 ? ErrorCode.FORBIDDEN : status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT;

/** A JSON body read to its end, or undefined past `maxBytes` or when it does not parse. */
function readJson(req: NodeJS.ReadableStream, maxBytes: number): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > maxBytes) return resolve(undefined);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        resolve(undefined);
      }
    });
    req.on("error", () => resolve(undefined));
    req.on("close", () => resolve(undefined)); // after 'end' resolve has run; before, the body was cut
  });
}

export function httpRefusals(observe: RefusalObserver, limits: { maxTokens: number; maxBodyBytes: number }): { watch: RequestHandler; admitted: RequestHandler; plugin: ApolloServerPlugin<GraphContext> } {
  const tell = (bodies: unknown, principalId: string, requestId: string, errorCode: string) => {
    for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
      if (body === null || typeof body !== "object") continue;
      const { query, operationName, variables } = body as Record<string, unknown>;
      const operation = mutationOf(query, operationName, limits.maxTokens);
      if (operation) observe({ operation, variables, principalId, requestId, errorCode });
    }
  };
  return {
    // Before the guard: a refusal it answers (a 4xx, or 5xx, before `admitted`) from a known principal is told.
    watch: (req, res, next) => {
      res.once("prefinish", () => {
        const principal = res.locals.principal ? principalOf(res) : undefined;
        if (res.locals.admitted || !principal || res.statusCode < 400) return;
        const tellBody = (body: unknown) => tell(body, principal.id, res.locals.requestId as string, codeOfStatus(res.statusCode));
        if (req.body !== undefined) return tellBody(req.body);
        // Refused before its body was read: read it now (before Node discards it), bounded like any body.
        if (req.method === "POST" && req.readable && !req.readableEnded) void readJson(req, limits.maxBodyBytes).then(tellBody);
      });
      next();
    },
    // After the guard: Apollo answers from here on, and refusalPlugin tells its refusals.
    admitted: (_req, res, next) => {
      res.locals.admitted = true;
      next();
    },
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ response, request, document, contextValue }) {
            if (response.body.kind !== "single") return;
            const { data, errors } = response.body.singleResult;
            // No `data`: nothing was executed (a resolver that ran recorded its own event).
            if (data !== undefined || !errors?.length) return;
            const operation = mutationOf(document ?? request.query, request.operationName, limits.maxTokens);
            const code = errors[0].extensions?.code;
            if (operation) observe({ operation, variables: request.variables, principalId: contextValue.principal.id, requestId: contextValue.requestId, errorCode: typeof code === "string" ? code : ErrorCode.INTERNAL_SERVER_ERROR });
          },
        };
      },
    },
  };
}
