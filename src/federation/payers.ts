/**
 * Payer candidates and the default payer per cost type (the 2026-05-21
 * update), derived from a collaboration's member list — no AWS call.
 * Candidates are the active members configured responsible for the cost; the
 * default payer is the single candidate, or, with none configured, the single
 * member able to do the work (query, or run jobs); null when that is not one
 * member.
 */
export type CostType = "QUERY_COMPUTE" | "JOB_COMPUTE" | "MODEL_TRAINING" | "MODEL_INFERENCE" | "SYNTHETIC_DATA_GENERATION";

interface Responsible {
  isResponsible?: boolean;
}

/** The part of a member the payer rules read. */
export interface PayerFacts {
  accountId?: string;
  status?: string;
  abilities?: readonly string[];
  paymentConfiguration?: {
    queryCompute?: Responsible;
    jobCompute?: Responsible;
    machineLearning?: { modelTraining?: Responsible; modelInference?: Responsible; syntheticDataGeneration?: Responsible };
  };
}

const responsibility: Record<CostType, (p: NonNullable<PayerFacts["paymentConfiguration"]>) => Responsible | undefined> = {
  QUERY_COMPUTE: (p) => p.queryCompute,
  JOB_COMPUTE: (p) => p.jobCompute,
  MODEL_TRAINING: (p) => p.machineLearning?.modelTraining,
  MODEL_INFERENCE: (p) => p.machineLearning?.modelInference,
  SYNTHETIC_DATA_GENERATION: (p) => p.machineLearning?.syntheticDataGeneration,
};

/** The ability of the member who does (and by default pays for) the work of a cost type. */
const workerAbility: Record<CostType, string> = {
  QUERY_COMPUTE: "CAN_QUERY",
  JOB_COMPUTE: "CAN_RUN_JOB",
  MODEL_TRAINING: "CAN_QUERY",
  MODEL_INFERENCE: "CAN_QUERY",
  SYNTHETIC_DATA_GENERATION: "CAN_QUERY",
};

export const runnerAbility = (cost: CostType): string => workerAbility[cost];

export function payerCandidates<M extends PayerFacts>(members: readonly M[], cost: CostType): M[] {
  return members.filter((m) => m.status === "ACTIVE" && m.paymentConfiguration && responsibility[cost](m.paymentConfiguration)?.isResponsible === true);
}

export function defaultPayer<M extends PayerFacts>(members: readonly M[], cost: CostType): M | undefined {
  const candidates = payerCandidates(members, cost);
  if (candidates.length > 0) return candidates.length === 1 ? candidates[0] : undefined;
  const workers = members.filter((m) => m.status === "ACTIVE" && (m.abilities ?? []).includes(workerAbility[cost]));
  return workers.length === 1 ? workers[0] : undefined;
}
