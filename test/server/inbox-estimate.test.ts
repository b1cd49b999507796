/**
 * The AWS-call estimate of the approvals inbox (graph/aws-reads.ts
 * Query.pendingApprovals): its change-request lists are one per collaboration
 * with an ACTIVE voting account, not one set per account, and all of them may
 * go through one account (a collaboration's reader is the first caller
 * account that sees it). So the per-account figure, which the per-operation
 * budget holds, must cover every list.
 */
import { parse, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { MEMBERSHIPS_PER_ACCOUNT } from "../../src/graph/aws-reads";
import { buildGraphSchema } from "../../src/graph/schema";
import { estimateAwsCalls } from "../../src/server/limits/aws-call-estimate";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGraphSchema();
});

const INBOX = parse(`{ pendingApprovals(first: 5) { totalCount nodes { voterAccountIds } } }`);

describe("Query.pendingApprovals estimate", () => {
  it.each([
    [1, 1],
    [3, 1],
    [3, 2],
  ])("with %i accounts in %i regions: each account's collaboration lists, and every change-request list on any one account", (accounts, regions) => {
    const e = estimateAwsCalls(schema, INBOX, undefined, {}, accounts, regions);
    // At most MEMBERSHIPS_PER_ACCOUNT collaborations per account and region have an ACTIVE voter.
    const changeRequestLists = accounts * regions * MEMBERSHIPS_PER_ACCOUNT;
    expect(e.perAccount).toBe(regions + changeRequestLists);
    expect(e.total).toBe(accounts * regions + changeRequestLists);
  });

  it("grows per account with the number of accounts (the lists of all voters may land on one)", () => {
    const one = estimateAwsCalls(schema, INBOX, undefined, {}, 1);
    const three = estimateAwsCalls(schema, INBOX, undefined, {}, 3);
    expect(three.perAccount - one.perAccount).toBe(2 * MEMBERSHIPS_PER_ACCOUNT);
  });
});
