import { Field, ID, Int, ObjectType } from "type-graphql";
import type { AwsChangeRequestSummary } from "../../aws/cleanrooms-api";
import { ChangeRequest } from "../change-request/change-request.type";
import { connectionTypes } from "../common/connection";
import { accountIdOf } from "../common/descriptions";
import { CostType, MemberAbility } from "../common/enums";

@ObjectType({
  description:
    "What one member change of a pending request would do to the member as it stands now (from the collaboration's member list): payer candidacies and abilities gained or lost.",
})
export class MemberChangeSummary {
  @Field(() => ID, { description: "The id of the change this summarizes (equal to that Change's `id`), so that caches key it; refetch it through the Change." })
  id!: string;
  @Field(() => String, { description: accountIdOf("the member the change is about") }) accountId!: string;
  // member: InboxResolver (from the collaboration's member list)
  @Field(() => Boolean, { description: "True when the account is not a member yet: the change adds it." }) addsMember!: boolean;
  @Field(() => [CostType], { description: "The cost types the member would become a payer candidate for." }) payerCandidaciesAdded!: CostType[];
  @Field(() => [CostType], { description: "The cost types the member would stop being a payer candidate for." }) payerCandidaciesRemoved!: CostType[];
  @Field(() => [MemberAbility], { description: "The abilities the member would gain." }) abilitiesAdded!: MemberAbility[];
  @Field(() => [MemberAbility], { description: "The abilities the member would lose." }) abilitiesRemoved!: MemberAbility[];
  collaborationId!: string;
}

@ObjectType({
  description:
    "A change request that waits for the vote of at least one account the caller may vote as (a `vote` grant): the request, who of the caller's accounts still has to vote, who asked, and since when.",
})
export class PendingApproval {
  @Field(() => ID, {
    description: "The id of the change request awaiting the vote (equal to that ChangeRequest's `nodeId`), so that caches key the inbox entry; refetch it through the ChangeRequest.",
  })
  id!: string;
  @Field(() => ChangeRequest, { description: "The change request (PENDING), with its changes and every member's vote." }) changeRequest!: AwsChangeRequestSummary;
  // collaboration, voters, requester, memberChanges: InboxResolver
  @Field(() => [String], {
    description: "The caller's accounts whose vote on the request is still PENDING and that the caller may vote as, in configuration order (pass one as asAccountId).",
  })
  voterAccountIds!: string[];
  @Field(() => Date, { description: "When the request was made (ISO 8601, UTC)." }) createTime!: Date;
  @Field(() => Int, { description: "How long the request has waited, in whole seconds, at the time of the answer." }) ageSeconds!: number;
  /** The creator's account, from the collaboration's list summary (only the creator submits change requests). */
  creatorAccountId?: string;
}

export const PendingApprovalConnection = connectionTypes(PendingApproval, "PendingApproval", { totalCount: true });
