/** The protected query's resolvers: the run family's (run/), built once for this kind. */
import { createRunMutations } from "../run/run.mutation";
import { createRunOutputResolver, createRunResolver } from "../run/run.resolver";
import { createRunSubscription } from "../run/run.subscription";
import { PROTECTED_QUERY } from "./protected-query.kind";

export const ProtectedQueryResolver = createRunResolver(PROTECTED_QUERY);
export const ProtectedQueryOutputResolver = createRunOutputResolver(PROTECTED_QUERY);
export const ProtectedQueryMutationResolver = createRunMutations(PROTECTED_QUERY);
export const ProtectedQuerySubscriptionResolver = createRunSubscription(PROTECTED_QUERY);
