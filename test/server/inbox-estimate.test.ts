/**
 * The AWS-call estimate of the approvals inbox (graph/aws-reads.ts
 * Query.pendingApprovals): its change-request lists are one per collaboration
 * with an ACTIVE voting account, each read through such a voter, so an
 * account receives at most one list per collaboration it is ACTIVE in: the
 * per-account figure, which the per-operation budget holds, does not grow
 * with the number of accounts, and the inbox stays within the default
 * ceiling however many accounts a principal reads.
 */
import { parse, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULTS } from "../../src/defaults";
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
    [50, 1],
  ])("with %i accounts in %i regions: each account's collaboration lists, and a change-request list per collaboration it is ACTIVE in", (accounts, regions) => {
    const e = estimateAwsCalls(schema, INBOX, undefined, {}, accounts, regions);
    // At most MEMBERSHIPS_PER_ACCOUNT collaborations per account and region have it ACTIVE.
    expect(e.perAccount).toBe(regions + regions * MEMBERSHIPS_PER_ACCOUNT);
    expect(e.total).toBe(accounts * regions * (1 + MEMBERSHIPS_PER_ACCOUNT));
  });

  it("stays within the default per-operation ceiling at 50 accounts in three regions", () => {
    const ceiling = DEFAULTS.limits.maxAwsCallsPerOperation;
    if (ceiling === false) throw new Error("the ceiling is on by default");
    expect(estimateAwsCalls(schema, INBOX, undefined, {}, 50, 3).perAccount).toBeLessThanOrEqual(ceiling);
  });
});
