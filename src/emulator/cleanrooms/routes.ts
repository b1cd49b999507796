/**
 * The Clean Rooms operations the emulator implements, with the method and
 * URI each answers on. Written out by hand (not read from the model) so that
 * the conformance test, which compares them with the model, can fail.
 */
import type { RestRoute } from "../protocol/rest-json";
import * as changeRequests from "./change-requests";
import * as collaborations from "./collaborations";
import type { Handler } from "./context";
import * as memberships from "./memberships";
import * as queries from "./protected-queries";
import * as jobs from "./protected-jobs";

export const cleanroomsRoutes: readonly RestRoute<Handler>[] = [
  { operation: "ListCollaborations", method: "GET", path: "/collaborations", handler: collaborations.listCollaborations },
  { operation: "CreateCollaboration", method: "POST", path: "/collaborations", handler: collaborations.createCollaboration },
  { operation: "GetCollaboration", method: "GET", path: "/collaborations/{collaborationIdentifier}", handler: collaborations.getCollaboration },
  { operation: "ListMembers", method: "GET", path: "/collaborations/{collaborationIdentifier}/members", handler: collaborations.listMembers },
  { operation: "ListMemberships", method: "GET", path: "/memberships", handler: memberships.listMemberships },
  { operation: "CreateMembership", method: "POST", path: "/memberships", handler: memberships.createMembership },
  { operation: "GetMembership", method: "GET", path: "/memberships/{membershipIdentifier}", handler: memberships.getMembership },
  { operation: "UpdateMembership", method: "PATCH", path: "/memberships/{membershipIdentifier}", handler: memberships.updateMembership },
  { operation: "CreateCollaborationChangeRequest", method: "POST", path: "/collaborations/{collaborationIdentifier}/changeRequests", handler: changeRequests.createChangeRequest },
  { operation: "ListCollaborationChangeRequests", method: "GET", path: "/collaborations/{collaborationIdentifier}/changeRequests", handler: changeRequests.listChangeRequests },
  { operation: "GetCollaborationChangeRequest", method: "GET", path: "/collaborations/{collaborationIdentifier}/changeRequests/{changeRequestIdentifier}", handler: changeRequests.getChangeRequest },
  { operation: "UpdateCollaborationChangeRequest", method: "PATCH", path: "/collaborations/{collaborationIdentifier}/changeRequests/{changeRequestIdentifier}", handler: changeRequests.updateChangeRequest },
  { operation: "StartProtectedQuery", method: "POST", path: "/memberships/{membershipIdentifier}/protectedQueries", handler: queries.startProtectedQuery },
  { operation: "ListProtectedQueries", method: "GET", path: "/memberships/{membershipIdentifier}/protectedQueries", handler: queries.listProtectedQueries },
  { operation: "GetProtectedQuery", method: "GET", path: "/memberships/{membershipIdentifier}/protectedQueries/{protectedQueryIdentifier}", handler: queries.getProtectedQuery },
  { operation: "UpdateProtectedQuery", method: "PATCH", path: "/memberships/{membershipIdentifier}/protectedQueries/{protectedQueryIdentifier}", handler: queries.updateProtectedQuery },
  { operation: "StartProtectedJob", method: "POST", path: "/memberships/{membershipIdentifier}/protectedJobs", handler: jobs.startProtectedJob },
  { operation: "ListProtectedJobs", method: "GET", path: "/memberships/{membershipIdentifier}/protectedJobs", handler: jobs.listProtectedJobs },
  { operation: "GetProtectedJob", method: "GET", path: "/memberships/{membershipIdentifier}/protectedJobs/{protectedJobIdentifier}", handler: jobs.getProtectedJob },
  { operation: "UpdateProtectedJob", method: "PATCH", path: "/memberships/{membershipIdentifier}/protectedJobs/{protectedJobIdentifier}", handler: jobs.updateProtectedJob },
];
