import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { CostType } from "../common/enums";
import { Member } from "../member/member.type";
import type { MemberNode, MembershipNode } from "../nodes";

export const SpendGroupBy = { PAYER: "PAYER", COST_TYPE: "COST_TYPE", MEMBERSHIP: "MEMBERSHIP" } as const;
export type SpendGroupBy = (typeof SpendGroupBy)[keyof typeof SpendGroupBy];

registerEnumType(SpendGroupBy, {
  name: "SpendGroupBy",
  description: "A field Collaboration.spend splits the billed compute units by; several together split by their combination (PAYER and COST_TYPE: who paid how much of what).",
  valuesConfig: {
    PAYER: { description: "By the member who pays (the run's payer)." },
    COST_TYPE: { description: "By cost type: QUERY_COMPUTE for protected queries, JOB_COMPUTE for protected jobs." },
    MEMBERSHIP: { description: "By the federated membership that ran the runs." },
  },
});

const UNITS =
  "An estimate of billed compute, not money: the sum of the Clean Rooms Processing Unit hours (CRPU-hours) AWS reports as billed in each run's statistics (billedResourceUtilization.units: workers × worker size × hours running). Runs without reported units add nothing here and are counted in runsWithoutStatistics.";

@ObjectType({
  description: "One group of Collaboration.spend: the runs of one combination of the grouped fields (one payer, cost type, membership, or e.g. one payer's runs of one cost type). Every grouped field is filled; the others are null.",
})
export class SpendGroup {
  @Field(() => ID, { description: "An id for caches: this group within its report (opaque; not a node id, the report is computed, not stored)." }) id!: string;
  @Field(() => String, { nullable: true, description: "With PAYER in groupBy: the payer's AWS account id (12 digits); null for runs whose payer AWS does not name, and without PAYER." })
  payerAccountId?: string | null;
  // payer, membership: SpendGroupResolver
  @Field(() => CostType, { nullable: true, description: "With COST_TYPE in groupBy: the cost type; null without it." }) costType?: CostType | null;
  @Field(() => ID, { nullable: true, description: "With MEMBERSHIP in groupBy: the id of the membership that ran the runs; null without it." })
  membershipId?: string | null;
  @Field(() => Float, { description: UNITS }) units!: number;
  @Field(() => Int, { description: "How many finished runs the group has." }) runCount!: number;
  @Field(() => Int, { description: "How many of them AWS reported no billed units for (or whose statistics could not be read this time)." }) runsWithoutStatistics!: number;
  @Field(() => Float, { description: "runsWithoutStatistics / runCount (0–1): how much of the group the estimate misses." }) missingStatisticsShare!: number;
  collaborationId!: string;
  membershipNode?: MembershipNode;
}

@ObjectType({
  description:
    "Who pays how much in a collaboration: the compute units AWS billed for the finished protected queries and jobs created in a time window, as far as the gateway can see them (the runs of the memberships its federated accounts hold; other members' runs are not visible to them). An estimate of billed compute units, not money.",
})
export class CollaborationSpend {
  @Field(() => ID, { description: "An id for caches: the report's collaboration, grouping and window (opaque; not a node id, the report is computed, not stored)." }) id!: string;
  @Field(() => Date, { nullable: true, description: "The window's start (inclusive): runs created at or after it count; null: from the oldest run." }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: "The window's end (exclusive): runs created before it count; null: up to now." }) to?: Date | null;
  @Field(() => [SpendGroupBy], { description: "The fields `groups` splits the runs by, each once, in the order PAYER, COST_TYPE, MEMBERSHIP (empty: one group of every run)." })
  groupBy!: SpendGroupBy[];
  @Field(() => Float, { description: UNITS }) units!: number;
  @Field(() => Int, { description: "How many finished runs (SUCCESS, FAILED, CANCELLED, TIMED_OUT) count." }) runCount!: number;
  @Field(() => Int, { description: "How many of them AWS reported no billed units for (or whose statistics could not be read this time)." }) runsWithoutStatistics!: number;
  @Field(() => Float, { description: "runsWithoutStatistics / runCount (0–1; 0 with no runs): how much of the picture the estimate misses." })
  missingStatisticsShare!: number;
  @Field(() => [SpendGroup], { description: "The runs split by the combination of the groupBy fields (one group per combination some run has), most units first." })
  groups!: SpendGroup[];
  @Field(() => [Member], {
    description:
      "What the report cannot see: the members who can start protected queries or jobs (CAN_QUERY, CAN_RUN_JOB), have joined, and whose account the caller does not read through this gateway. " +
      "Only a run's own membership lists it, so their runs, and what anyone pays for them, are missing from the sums. From the member list already read (no extra AWS call).",
  })
  membersNotVisible!: MemberNode[];
}
