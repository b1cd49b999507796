/** The GraphiQL page's choice of operation: the one in the text it sends, never a stale name from another tab. */
import { Kind, OperationTypeNode, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { currentOperation } from "../../src/server/graphiql/current-operation";

const operationOf = (r: ReturnType<typeof currentOperation>, name: string) =>
  r.documentAST?.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);

describe("currentOperation", () => {
  it("replaces the previous tab's name with the document's own operation", () => {
    const r = currentOperation("mutation StartQueryWithPayer { x }", "Dashboard");
    expect(r.operationName).toBe("StartQueryWithPayer");
    expect(operationOf(r, "StartQueryWithPayer")?.operation).toBe(OperationTypeNode.MUTATION);
  });

  it("keeps a name the document has (a multi-operation document run at the cursor)", () => {
    expect(currentOperation("query A { a } query B { b }", "B").operationName).toBe("B");
  });

  it("falls back to the first operation when the name is not in a multi-operation document", () => {
    expect(currentOperation("query A { a } subscription B { b }", "Dashboard").operationName).toBe("A");
  });

  it("sends no name for an anonymous operation, whatever was stale", () => {
    const r = currentOperation("{ accounts { accountId } }", "Dashboard");
    expect(r).not.toHaveProperty("operationName");
    expect(r.documentAST?.definitions).toHaveLength(1);
  });

  it("gives the parsed document, so a subscription is routed over WebSocket even right after a switch from a query tab", () => {
    const r = currentOperation("subscription QueryStatus { s }", "Dashboard");
    expect(operationOf(r, "QueryStatus")?.operation).toBe(OperationTypeNode.SUBSCRIPTION);
  });

  it("passes an unparsable document through with the given name and no document (the server reports the syntax error)", () => {
    expect(currentOperation("query Broken {", "Broken")).toEqual({ operationName: "Broken" });
    expect(currentOperation("query Broken {", null)).toEqual({});
  });
});
