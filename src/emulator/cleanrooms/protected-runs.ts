/**
 * What protected queries and protected jobs share: starting a run (membership,
 * ability, input checks, output and its receivers, payer), listing, reading
 * and cancelling, and the wire form of runs and summaries. Status is derived
 * from the clock at read time (rules/run-lifecycle.ts).
 */
import { accessDenied, conflict, invalidField, notFound, validation, type FieldProblem } from "../errors";
import { resolvePayer, type CostType } from "../rules/payers";
import { carriesFailureMarker, checkCompute, checkSingleFileOutput, effectiveWorkers, resultReceivers, type RunType } from "../rules/run-inputs";
import {
  cancelAction,
  isTerminal,
  resultOutput,
  runError,
  runStatistics,
  scheduleRun,
  statusAt,
  type OutputConfiguration,
  type RunStatus,
} from "../rules/run-lifecycle";
import type { CollaborationRecord, ComputeConfiguration, MemberAbility, MembershipRecord, RunKind, RunRecord } from "../state";
import { activeMembership, ownMembership } from "./access";
import { secs, type CallContext, type Handler } from "./context";

/** A kind's parameters (sqlParameters, jobParameters) as Start takes them. */
type RunParameters = { queryString?: string; analysisTemplateArn?: string; parameters?: Record<string, string> };

/** The names and rules that differ between queries and jobs. */
export interface RunKindSpec {
  kind: RunKind;
  /** "Protected query", for messages. */
  noun: string;
  runType: RunType;
  ability: MemberAbility;
  cost: CostType;
  payerField: "queryComputePayerAccountId" | "jobComputePayerAccountId";
  parametersField: "sqlParameters" | "jobParameters";
  idField: "protectedQueryIdentifier" | "protectedJobIdentifier";
  /** Output members: the run, and the list of summaries. */
  one: "protectedQuery" | "protectedJob";
  many: "protectedQueries" | "protectedJobs";
  listOperation: string;
  /** The kind's own checks of its parameters (compute is checked for both). */
  checkParameters(parameters: RunParameters): FieldProblem[];
  /** Where results go when Start names no output; throws where the kind has none. */
  defaultOutput(membership: MembershipRecord, runnerAccountId: string): OutputConfiguration;
}

/** One ValidationException listing every problem, named by field path. */
const invalid = (problems: FieldProblem[]) => validation(`${problems[0].name}: ${problems[0].message}`, problems);

/** What every Start input has; the parameters and payer fields are the kind's. */
type StartInput = {
  membershipIdentifier: string;
  resultConfiguration?: { outputConfiguration: OutputConfiguration };
  computeConfiguration?: ComputeConfiguration;
} & { [F in RunKindSpec["parametersField"]]?: RunParameters } & { [F in RunKindSpec["payerField"]]?: string };

/** The run's own part of a Start: its inputs checked, its output (given or the kind's default) and who receives it. */
function plan(spec: RunKindSpec, input: StartInput, membership: MembershipRecord, collaboration: CollaborationRecord, runner: string) {
  const parameters = input[spec.parametersField]!;
  const given = input.resultConfiguration?.outputConfiguration;
  const problems = [
    ...spec.checkParameters(parameters),
    ...checkCompute(spec.runType, input.computeConfiguration),
    ...checkSingleFileOutput(given, collaboration.analyticsEngine, "resultConfiguration.outputConfiguration"),
  ];
  if (problems.length > 0) throw invalid(problems);
  const output = given ?? spec.defaultOutput(membership, runner);
  const receivers = resultReceivers(output, collaboration.members, runner, given ? "resultConfiguration.outputConfiguration" : undefined);
  if (!receivers.ok) throw invalid([receivers.problem]);
  return {
    parameters,
    resultConfiguration: { outputConfiguration: output },
    ...(input.computeConfiguration ? { computeConfiguration: input.computeConfiguration } : {}),
    receiverAccountIds: receivers.accountIds,
    fails: carriesFailureMarker(parameters),
  };
}

/** The four handlers of a run kind. */
export function runHandlers(spec: RunKindSpec) {
  const start: Handler = (ctx, input: StartInput) => {
    const { membership, collaboration, member } = activeMembership(ctx, input.membershipIdentifier);
    if (!member.abilities.includes(spec.ability)) {
      throw accessDenied(`Account ${member.accountId} does not have ${spec.ability} in collaboration ${collaboration.id}.`);
    }
    const planned = plan(spec, input, membership, collaboration, member.accountId);
    const payer = resolvePayer(collaboration.members, spec.cost, member.accountId, input[spec.payerField]);
    if (!payer.ok) {
      const candidates = payer.candidates.join(", ");
      throw invalidField(
        spec.payerField,
        payer.problem === "not-a-candidate"
          ? `account ${input[spec.payerField]} is not a payer candidate; the candidates are ${candidates}`
          : `several members can pay, so name one of the candidates: ${candidates}`,
      );
    }
    // Everything is checked: now store.
    const now = ctx.clock.now();
    const run: RunRecord = {
      kind: spec.kind,
      id: ctx.newId(),
      membershipId: membership.id,
      membershipArn: membership.arn,
      createTime: now,
      ...planned,
      payerAccountId: payer.payerAccountId,
      ...scheduleRun(now, ctx.schedule),
    };
    ctx.state.runs.set(ctx.state.runKey(spec.kind, membership.id, run.id), run);
    return { [spec.one]: runBody(ctx, spec, run) };
  };

  const list: Handler = (ctx, input: { membershipIdentifier: string; status?: RunStatus; nextToken?: string; maxResults?: number }) => {
    const membership = ownMembership(ctx, input.membershipIdentifier);
    const now = ctx.clock.now();
    const runs = [...ctx.state.runs.values()]
      .filter((r) => r.kind === spec.kind && r.membershipId === membership.id)
      .filter((r) => !input.status || statusAt(r, now, ctx.schedule) === input.status);
    const listKey = `${spec.listOperation}/${membership.id}/${input.status ?? ""}`;
    const { page, nextToken } = ctx.state.pages.page(runs, input, listKey, (r) => ({ key: r.createTime, id: r.id }), "descending");
    return { [spec.many]: page.map((r) => runSummary(ctx, spec, r)), ...(nextToken ? { nextToken } : {}) };
  };

  const get: Handler = (ctx, input: Record<string, string>) => ({
    [spec.one]: runBody(ctx, spec, findRun(ctx, spec, input.membershipIdentifier, input[spec.idField])),
  });

  const update: Handler = (ctx, input: Record<string, string>) => {
    // The model allows only targetStatus CANCELLED.
    const run = findRun(ctx, spec, input.membershipIdentifier, input[spec.idField]);
    const status = statusAt(run, ctx.clock.now(), ctx.schedule);
    switch (cancelAction(status)) {
      case "refuse":
        throw conflict(`${spec.noun} ${run.id} is ${status} and can no longer be cancelled.`, "INVALID_STATE");
      case "request":
        run.cancelRequestedAt = ctx.clock.now();
        break;
      case "unchanged":
        break;
    }
    return { [spec.one]: runBody(ctx, spec, run) };
  };

  return { start, list, get, update };
}

function findRun(ctx: CallContext, spec: RunKindSpec, membershipId: string, runId: string): RunRecord {
  const membership = ownMembership(ctx, membershipId);
  const run = ctx.state.runs.get(ctx.state.runKey(spec.kind, membership.id, runId));
  // The model's ResourceType has no value for runs: the enclosing membership is named, the message names the run.
  if (!run) throw notFound("MEMBERSHIP", runId, `${spec.noun} ${runId} not found in membership ${membership.id}.`);
  return run;
}

function runBody(ctx: CallContext, spec: RunKindSpec, run: RunRecord) {
  const status = statusAt(run, ctx.clock.now(), ctx.schedule);
  const output = run.resultConfiguration?.outputConfiguration as OutputConfiguration | undefined;
  const compute = run.computeConfiguration;
  return {
    id: run.id,
    membershipId: run.membershipId,
    membershipArn: run.membershipArn,
    createTime: secs(run.createTime),
    [spec.parametersField]: run.parameters,
    status,
    ...(run.resultConfiguration ? { resultConfiguration: run.resultConfiguration } : {}),
    ...(compute ? { computeConfiguration: compute } : {}),
    ...(isTerminal(status) ? { statistics: runStatistics(run, status, effectiveWorkers(spec.runType, compute), ctx.schedule) } : {}),
    ...(status === "SUCCESS" && output ? { result: { output: resultOutput(run.id, output) } } : {}),
    ...(status === "FAILED" ? { error: runError(run) } : {}),
    [spec.payerField]: run.payerAccountId,
  };
}

function runSummary(ctx: CallContext, spec: RunKindSpec, run: RunRecord) {
  return {
    id: run.id,
    membershipId: run.membershipId,
    membershipArn: run.membershipArn,
    createTime: secs(run.createTime),
    status: statusAt(run, ctx.clock.now(), ctx.schedule),
    receiverConfigurations: [
      { analysisType: "DIRECT_ANALYSIS", configurationDetails: { directAnalysisConfigurationDetails: { receiverAccountIds: [...run.receiverAccountIds] } } },
    ],
    [spec.payerField]: run.payerAccountId,
  };
}
