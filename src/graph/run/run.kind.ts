/**
 * What sets protected queries and protected jobs apart. Each kind describes
 * itself once (protected-query.kind.ts, protected-job.kind.ts); the
 * factories of run.resolver.ts, run.mutation.ts and run.subscription.ts
 * build its part of the schema from that description, called once each at
 * module scope so that buildSchema can run any number of times.
 */
import type DataLoader from "dataloader";
import type { ClassType } from "type-graphql";
import type { At, CleanRoomsApi } from "../../aws/cleanrooms-api";
import type { CostType } from "../../federation/payers";
import type { InputProblem } from "../../inputs/problems";
import type { RunStates, RunWatch } from "../../watch";
import type { Loaders } from "../loaders";
import type { RunPayerField } from "../nodes";
import { runTypes, type RunTypes } from "./run.type";

/** What every Start input has. */
export interface StartInput {
  membershipId: string;
  payerAccountId?: string | null;
  idempotencyKey?: string | null;
}

/** protectedQuery, protectedJob: the Query field, and where AWS's answers carry the run. */
export type RunField<W extends RunWatch> = `protected${Capitalize<W>}`;

/** An AWS answer (Start, Update) with the run under the kind's field. */
export type RunAnswer<W extends RunWatch> = { [K in RunField<W>]?: RunStates[W] };

export interface RunKindSpec<W extends RunWatch, Input extends StartInput> {
  /** "query" or "job": the kind in the watch, and its noun in descriptions. */
  watch: W;
  /** The GraphQL enum of its statuses. */
  status: object;
  cost: CostType;
  payerField: RunPayerField;
  Input: ClassType<Input>;
  check(input: Input): InputProblem[];
  /** The kind's own parameters field (sqlParameters, jobParameters), from the full run, with its description. */
  parameters: { field: string; type: ClassType; description: string; of(full: RunStates[W]): object | null };
  /** CleanRoomsApi's own calls for the kind. */
  start(api: CleanRoomsApi): (at: At, input: Input, namedPayer: string | undefined) => Promise<RunAnswer<W>>;
  cancel(api: CleanRoomsApi): (at: At, membershipId: string, id: string) => Promise<RunAnswer<W>>;
  /** The request's loader of the kind's runs, and of a membership's pages of them. */
  loader(loaders: Loaders): DataLoader<{ membershipId: string; id: string }, RunStates[W], string>;
  pages(loaders: Loaders): { clearAll(): unknown };
}

export interface RunKind<W extends RunWatch, Input extends StartInput> extends RunKindSpec<W, Input> {
  /** ProtectedQuery, ProtectedJob: the object type, and the name in its operations (startProtectedQuery, …). */
  name: `Protected${Capitalize<W>}`;
  field: RunField<W>;
  types: RunTypes;
}

export function runKind<W extends RunWatch, Input extends StartInput>(spec: RunKindSpec<W, Input>): RunKind<W, Input> {
  const Kind = (spec.watch[0].toUpperCase() + spec.watch.slice(1)) as Capitalize<W>;
  const name = `Protected${Kind}` as const;
  return { ...spec, name, field: `protected${Kind}`, types: runTypes(name, spec.status) };
}
