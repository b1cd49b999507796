/**
 * What the collaboration creator may set as a member's payment
 * configuration: CreateCollaboration's creatorPaymentConfiguration and
 * members[].paymentConfiguration, and a change request's
 * specification.member.paymentConfiguration (the creator submits those too).
 *
 * AWS (JobComputePaymentConfig.isResponsible): "An error is returned if the
 * collaboration creator sets a FALSE value for the member who can run queries
 * and jobs." Readings chosen:
 * - The model uses "query and job compute" throughout JobComputePaymentConfig
 *   for job compute, so "the member who can run queries and jobs" is the
 *   member with CAN_RUN_JOB, the one whose work job compute bills.
 * - Only an explicit jobCompute.isResponsible FALSE is refused; leaving
 *   jobCompute out is not setting FALSE.
 * - QueryComputePaymentConfig documents no such error, so FALSE for the
 *   member who can query is allowed (another member then pays).
 */
import type { FieldProblem } from "../errors";
import type { MemberAbility, PaymentConfiguration } from "../state";

export function creatorPaymentProblem(
  abilities: readonly MemberAbility[],
  payment: Partial<PaymentConfiguration> | undefined,
  field: string,
): FieldProblem | undefined {
  if (payment?.jobCompute?.isResponsible === false && abilities.includes("CAN_RUN_JOB")) {
    return {
      name: `${field}.jobCompute.isResponsible`,
      message: "cannot be false for the member who can run jobs (CAN_RUN_JOB)",
    };
  }
  return undefined;
}
