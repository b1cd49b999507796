/**
 * What protected queries and jobs have in common, as one GraphQL interface:
 * lists and subscriptions that mix both kinds (Membership.runs,
 * Collaboration.runs, runStatusChanged) return it, and a client selects the
 * shared fields with no fragment (the kinds' own `status` enums differ, so
 * `runStatus` gives it in the statuses both share).
 */
import { Field, ID, InterfaceType, registerEnumType } from "type-graphql";
import { Member } from "../member/member.type";
import { Membership } from "../membership/membership.type";
import { Node } from "../node/node.type";

export const ProtectedRunKind = { QUERY: "QUERY", JOB: "JOB" } as const;
export type ProtectedRunKind = (typeof ProtectedRunKind)[keyof typeof ProtectedRunKind];

registerEnumType(ProtectedRunKind, {
  name: "ProtectedRunKind",
  description: "Which kind of run: a protected query (SQL) or a protected job (PySpark).",
  valuesConfig: { QUERY: { description: "A protected query (ProtectedQuery)." }, JOB: { description: "A protected job (ProtectedJob)." } },
});

export const ProtectedRunStatus = {
  SUBMITTED: "SUBMITTED", STARTED: "STARTED", CANCELLING: "CANCELLING", CANCELLED: "CANCELLED", FAILED: "FAILED", SUCCESS: "SUCCESS", TIMED_OUT: "TIMED_OUT",
} as const;
export type ProtectedRunStatus = (typeof ProtectedRunStatus)[keyof typeof ProtectedRunStatus];

registerEnumType(ProtectedRunStatus, {
  name: "ProtectedRunStatus",
  description: "The statuses of protected queries and jobs together (a job is never TIMED_OUT).",
  valuesConfig: {
    SUBMITTED: { description: "Accepted, not running yet." },
    STARTED: { description: "Running." },
    CANCELLING: { description: "A cancel was asked for; it is stopping." },
    CANCELLED: { description: "Cancelled. Final." },
    FAILED: { description: "Ended with an error. Final." },
    SUCCESS: { description: "Ended with a result. Final." },
    TIMED_OUT: { description: "A query that ran out of time. Final." },
  },
});

/** Which kind a run passed around as the interface is (set where both kinds are mixed). */
export interface FamilyTagged {
  family?: "query" | "job";
}

@InterfaceType("ProtectedRun", {
  implements: Node,
  description:
    "A protected query or a protected job: the fields both kinds share, selectable with no fragment (`... on ProtectedQuery` / `... on ProtectedJob` for the rest).",
  resolveType: (value: FamilyTagged) => (value.family === "job" ? "ProtectedJob" : "ProtectedQuery"),
})
export abstract class ProtectedRun extends Node {
  @Field(() => ID, { description: "The run's id (a UUID)." }) id!: string;
  @Field(() => ID, { description: "The id of the membership the run runs in (a UUID)." }) membershipId!: string;
  @Field(() => Date, { description: "When the run was created (ISO 8601, UTC)." }) createTime!: Date;
  @Field(() => String, { nullable: true, description: "The AWS account id (12 digits) of the member who pays for the run's compute; null when AWS does not report one." })
  payerAccountId?: string;
  @Field(() => ProtectedRunKind, { description: "Whether the run is a protected query or a protected job." }) kind!: ProtectedRunKind;
  @Field(() => ProtectedRunStatus, { description: "Where the run stands: its `status`, in the statuses both kinds share." }) runStatus!: ProtectedRunStatus;
  // Resolved by each kind's own resolver (run.resolver.ts), from data already fetched.
  @Field(() => Membership, { description: "The membership the run runs in." }) membership!: Membership;
  @Field(() => Member, { nullable: true, description: "The member who pays for the run's compute." }) payer?: Member;
}
