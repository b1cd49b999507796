/** The served schema, built from the type-graphql resolvers. */
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import "./common/enums";
import { AccountResolver } from "./account/account.resolver";
import { ApprovalResolver, ChangeRequestResolver, MemberChangeSpecificationResolver } from "./change-request/change-request.resolver";
import { CollaborationResolver } from "./collaboration/collaboration.resolver";
import { MemberResolver } from "./member/member.resolver";
import { MembershipResolver } from "./membership/membership.resolver";
import { ProtectedJobOutputResolver, ProtectedJobResolver } from "./protected-job/protected-job.resolver";
import { ProtectedQueryOutputResolver, ProtectedQueryResolver } from "./protected-query/protected-query.resolver";

export const resolvers = [
  AccountResolver,
  CollaborationResolver,
  MemberResolver,
  MembershipResolver,
  ChangeRequestResolver,
  ApprovalResolver,
  MemberChangeSpecificationResolver,
  ProtectedQueryResolver,
  ProtectedQueryOutputResolver,
  ProtectedJobResolver,
  ProtectedJobOutputResolver,
] as const;

export function buildGraphSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...resolvers], validate: false });
}
