/**
 * Who pays, per cost type (the 2026-05-21 update): the candidates are the
 * active members the collaboration made responsible for that cost; with none,
 * the member who runs the work pays. A run names its payer among the
 * candidates, or leaves it out when there is exactly one.
 */
import type { MemberRecord, PaymentConfiguration } from "../state";

export type CostType = "QUERY_COMPUTE" | "JOB_COMPUTE" | "MODEL_TRAINING" | "MODEL_INFERENCE" | "SYNTHETIC_DATA_GENERATION";
export const costTypes: readonly CostType[] = ["QUERY_COMPUTE", "JOB_COMPUTE", "MODEL_TRAINING", "MODEL_INFERENCE", "SYNTHETIC_DATA_GENERATION"];

/** Whether a payment configuration makes its member responsible for a cost type. */
export function isResponsible(config: Partial<PaymentConfiguration> | undefined, cost: CostType): boolean {
  switch (cost) {
    case "QUERY_COMPUTE":
      return config?.queryCompute?.isResponsible === true;
    case "JOB_COMPUTE":
      return config?.jobCompute?.isResponsible === true;
    case "MODEL_TRAINING":
      return config?.machineLearning?.modelTraining?.isResponsible === true;
    case "MODEL_INFERENCE":
      return config?.machineLearning?.modelInference?.isResponsible === true;
    case "SYNTHETIC_DATA_GENERATION":
      return config?.machineLearning?.syntheticDataGeneration?.isResponsible === true;
  }
}

/** The account ids of the active members configured responsible for a cost type, in member order. */
export function payerCandidates(members: readonly MemberRecord[], cost: CostType): string[] {
  return members.filter((m) => m.status === "ACTIVE" && isResponsible(m.paymentConfiguration, cost)).map((m) => m.accountId);
}

export type PayerResolution =
  | { ok: true; payerAccountId: string }
  | { ok: false; problem: "not-a-candidate" | "ambiguous"; candidates: string[] };

/**
 * The payer of a run: the named one if it is a candidate, else the single
 * candidate. With no candidate configured, the runner itself is the only
 * candidate (it is the member who can query or run jobs).
 */
export function resolvePayer(
  members: readonly MemberRecord[],
  cost: CostType,
  runnerAccountId: string,
  named: string | undefined,
): PayerResolution {
  const configured = payerCandidates(members, cost);
  const candidates = configured.length > 0 ? configured : [runnerAccountId];
  if (named !== undefined) {
    return candidates.includes(named) ? { ok: true, payerAccountId: named } : { ok: false, problem: "not-a-candidate", candidates };
  }
  return candidates.length === 1 ? { ok: true, payerAccountId: candidates[0] } : { ok: false, problem: "ambiguous", candidates };
}
