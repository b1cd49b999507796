/** The protected job's resolvers: the run family's (run/), built once for this kind. */
import { createRunMutations } from "../run/run.mutation";
import { createRunOutputResolver, createRunResolver } from "../run/run.resolver";
import { createRunSubscription } from "../run/run.subscription";
import { PROTECTED_JOB } from "./protected-job.kind";

export const ProtectedJobResolver = createRunResolver(PROTECTED_JOB);
export const ProtectedJobOutputResolver = createRunOutputResolver(PROTECTED_JOB);
export const ProtectedJobMutationResolver = createRunMutations(PROTECTED_JOB);
export const ProtectedJobSubscriptionResolver = createRunSubscription(PROTECTED_JOB);
