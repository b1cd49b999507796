import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { CostType } from "../common/enums";
import type { MembershipNode } from "../nodes";

export const SpendGroupBy = { PAYER: "PAYER", COST_TYPE: "COST_TYPE", MEMBERSHIP: "MEMBERSHIP" } as const;
export type SpendGroupBy = (typeof SpendGroupBy)[keyof typeof SpendGroupBy];

registerEnumType(SpendGroupBy, {
  name: "SpendGroupBy",
  description: "How Collaboration.spend splits the billed compute units.",
  valuesConfig: {
    PAYER: { description: "One group per member who pays (the run's payer)." },
    COST_TYPE: { description: "One group per cost type: QUERY_COMPUTE for protected queries, JOB_COMPUTE for protected jobs." },
    MEMBERSHIP: { description: "One group per federated membership that ran the runs." },
  },
});

const UNITS =
  "An estimate of billed compute, not money: the sum of the Clean Rooms Processing Unit hours (CRPU-hours) AWS reports as billed in each run's statistics (billedResourceUtilization.units: workers × worker size × hours running). Runs without reported units add nothing here and are counted in runsWithoutStatistics.";

@ObjectType({ description: "One group of Collaboration.spend: the runs of one payer, cost type or membership." })
export class SpendGroup {
  @Field(() => ID, { description: "An id for caches: this group within its report (opaque; not a node id, the report is computed, not stored)." }) id!: string;
  @Field(() => String, { nullable: true, description: "With groupBy PAYER: the payer's AWS account id (12 digits); null for runs whose payer AWS does not name, and with other groupings." })
  payerAccountId?: string | null;
  // payer, membership: SpendGroupResolver
  @Field(() => CostType, { nullable: true, description: "With groupBy COST_TYPE: the cost type; null with other groupings." }) costType?: CostType | null;
  @Field(() => ID, { nullable: true, description: "With groupBy MEMBERSHIP: the id of the membership that ran the runs; null with other groupings." })
  membershipId?: string | null;
  @Field(() => Float, { description: UNITS }) units!: number;
  @Field(() => Int, { description: "How many finished runs the group has." }) runCount!: number;
  @Field(() => Int, { description: "How many of them AWS reported no billed units for." }) runsWithoutStatistics!: number;
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
  @Field(() => SpendGroupBy, { description: "How `groups` splits the runs." }) groupBy!: SpendGroupBy;
  @Field(() => Float, { description: UNITS }) units!: number;
  @Field(() => Int, { description: "How many finished runs (SUCCESS, FAILED, CANCELLED, TIMED_OUT) count." }) runCount!: number;
  @Field(() => Int, { description: "How many of them AWS reported no billed units for." }) runsWithoutStatistics!: number;
  @Field(() => Float, { description: "runsWithoutStatistics / runCount (0–1; 0 with no runs): how much of the picture the estimate misses." })
  missingStatisticsShare!: number;
  @Field(() => [SpendGroup], { description: "The runs split by groupBy, most units first." }) groups!: SpendGroup[];
}
