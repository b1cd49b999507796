/**
 * The emulator against AWS's reference model: each implemented operation
 * answers on the model's method and URI, and one pass over every operation
 * produces bodies the model accepts. (Every other test's emulator also
 * checks each body it sends: see validateResponses in test/support/emulator.ts.)
 */
import "../../src/aws/sdk-overlay";
import {
  CreateCollaborationChangeRequestCommand,
  CreateCollaborationCommand,
  CreateMembershipCommand,
  GetCollaborationChangeRequestCommand,
  GetCollaborationCommand,
  GetMembershipCommand,
  GetProtectedJobCommand,
  GetProtectedQueryCommand,
  ListCollaborationChangeRequestsCommand,
  ListCollaborationsCommand,
  ListMembersCommand,
  ListMembershipsCommand,
  ListProtectedJobsCommand,
  ListProtectedQueriesCommand,
  StartProtectedJobCommand,
  StartProtectedQueryCommand,
  UpdateCollaborationChangeRequestCommand,
  UpdateMembershipCommand,
  UpdateProtectedJobCommand,
  UpdateProtectedQueryCommand,
} from "@aws-sdk/client-cleanrooms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanroomsRoutes } from "../../src/emulator/cleanrooms/routes";
import { cleanroomsModel } from "../../src/emulator/model";
import { demo, startTestEmulator, type TestEmulator } from "../support/emulator";

/** The operations the gateway uses (issue 2's list). */
const REQUIRED = [
  "ListCollaborations", "GetCollaboration", "ListMembers", "ListMemberships", "GetMembership", "CreateCollaboration",
  "CreateMembership", "UpdateMembership", "CreateCollaborationChangeRequest", "GetCollaborationChangeRequest",
  "ListCollaborationChangeRequests", "UpdateCollaborationChangeRequest", "StartProtectedQuery", "GetProtectedQuery",
  "ListProtectedQueries", "UpdateProtectedQuery", "StartProtectedJob", "GetProtectedJob", "ListProtectedJobs", "UpdateProtectedJob",
];

describe("routes", () => {
  const model = cleanroomsModel();

  it("implements every operation the gateway needs, once", () => {
    expect(cleanroomsRoutes.map((r) => r.operation).sort()).toEqual([...REQUIRED].sort());
  });

  it.each(cleanroomsRoutes.map((r) => [r.operation, r] as const))("%s answers on the model's method and URI", (operation, route) => {
    const op = model.operations[operation];
    expect(op, `${operation} is not in the model`).toBeDefined();
    expect(route.method).toBe(op.http.method);
    expect(route.path).toBe(op.http.requestUri);
    expect(op.http.responseCode ?? 200).toBe(200);
  });
});

describe("every operation's output validates against the model", () => {
  let t: TestEmulator;
  beforeAll(async () => (t = await startTestEmulator()));
  afterAll(() => t.close());

  it("covers all operations with model-valid bodies", async () => {
    const advertiser = await t.cleanrooms(demo.advertiser);
    const publisher = await t.cleanrooms(demo.publisher);
    const partner = await t.cleanrooms(demo.partner);
    await advertiser.send(new ListCollaborationsCommand({}));
    await advertiser.send(new GetCollaborationCommand({ collaborationIdentifier: demo.retailMedia }));
    await advertiser.send(new ListMembersCommand({ collaborationIdentifier: demo.retailMedia }));
    await advertiser.send(new ListMembershipsCommand({}));
    await advertiser.send(new GetMembershipCommand({ membershipIdentifier: demo.m11 }));
    await advertiser.send(
      new UpdateMembershipCommand({ membershipIdentifier: demo.m11, queryLogStatus: "DISABLED", membershipPaymentConfiguration: { queryCompute: { isResponsible: true } } }),
    );
    const created = await partner.send(
      new CreateCollaborationCommand({
        name: "Conformance",
        description: "Every operation once",
        creatorDisplayName: "Partner",
        creatorMemberAbilities: ["CAN_QUERY", "CAN_RECEIVE_RESULTS"],
        members: [{ accountId: demo.advertiser, displayName: "Advertiser", memberAbilities: [] }],
        queryLogStatus: "DISABLED",
      }),
    );
    await advertiser.send(new CreateMembershipCommand({ collaborationIdentifier: created.collaboration!.id!, queryLogStatus: "DISABLED" }));
    // Auto-approved in the demo collaboration: GRANT_RECEIVE_RESULTS_ABILITY for a member without it.
    const request = await advertiser.send(
      new CreateCollaborationChangeRequestCommand({
        collaborationIdentifier: demo.retailMedia,
        changes: [{ specificationType: "MEMBER", specification: { member: { accountId: demo.publisher, memberAbilities: ["CAN_RECEIVE_RESULTS"] } } }],
      }),
    );
    await advertiser.send(new GetCollaborationChangeRequestCommand({ collaborationIdentifier: demo.retailMedia, changeRequestIdentifier: request.collaborationChangeRequest!.id! }));
    await advertiser.send(new ListCollaborationChangeRequestsCommand({ collaborationIdentifier: demo.retailMedia }));
    await publisher.send(new UpdateCollaborationChangeRequestCommand({ collaborationIdentifier: demo.retailMedia, changeRequestIdentifier: demo.pendingPayerRequest, action: "APPROVE" }));
    const query = await advertiser.send(
      new StartProtectedQueryCommand({
        membershipIdentifier: demo.m11,
        type: "SQL",
        sqlParameters: { queryString: "SELECT 1" },
        resultConfiguration: { outputConfiguration: { member: { accountId: demo.advertiser } } },
        queryComputePayerAccountId: demo.publisher,
      }),
    );
    await t.advance(10_000);
    await advertiser.send(new GetProtectedQueryCommand({ membershipIdentifier: demo.m11, protectedQueryIdentifier: query.protectedQuery!.id! }));
    await advertiser.send(new ListProtectedQueriesCommand({ membershipIdentifier: demo.m11 }));
    await advertiser.send(new UpdateProtectedQueryCommand({ membershipIdentifier: demo.m11, protectedQueryIdentifier: "dddddddd-0001-4000-8000-000000000001", targetStatus: "CANCELLED" }));
    const job = await publisher.send(
      new StartProtectedJobCommand({
        membershipIdentifier: demo.m23,
        type: "PYSPARK",
        jobParameters: { analysisTemplateArn: `arn:aws:cleanrooms:us-east-1:${demo.publisher}:membership/${demo.m23}/analysistemplate/ffffffff-0002-4000-8000-000000000001` },
      }),
    );
    await publisher.send(new GetProtectedJobCommand({ membershipIdentifier: demo.m23, protectedJobIdentifier: job.protectedJob!.id! }));
    await publisher.send(new ListProtectedJobsCommand({ membershipIdentifier: demo.m23 }));
    await publisher.send(new UpdateProtectedJobCommand({ membershipIdentifier: demo.m23, protectedJobIdentifier: job.protectedJob!.id!, targetStatus: "CANCELLED" }));

    const report = await t.control<{ checked: Record<string, number>; violations: unknown[] }>("GET", "/_emulator/conformance");
    expect(report.violations).toEqual([]);
    expect(Object.keys(report.checked).sort()).toEqual([...REQUIRED].sort());
  });
});
