/**
 * Field logic that protected queries and protected jobs share: compute
 * configuration, statistics, receivers and payer, each from data already
 * fetched where it can be.
 */
import type { AwsProtectedJob, AwsProtectedQuery } from "../../aws/cleanrooms-api";
import { keyValues } from "../common/key-value.type";
import type { GraphContext } from "../context";
import { membersOf, type MemberNode, type MembershipNode, type RunNode } from "../nodes";
import type { ComputeConfiguration, ProtectedRunStatistics } from "./run.type";

type FullRun = AwsProtectedQuery | AwsProtectedJob;

export function computeConfiguration(full: FullRun): ComputeConfiguration | null {
  const worker = full.computeConfiguration?.worker;
  if (!worker) return null;
  return { worker: { type: worker.type, number: worker.number, properties: keyValues(worker.properties?.spark) } };
}

export function statistics(full: FullRun): ProtectedRunStatistics | null {
  const s = full.statistics;
  return s ? { totalDurationInMillis: s.totalDurationInMillis, billedResourceUtilization: s.billedResourceUtilization && { units: s.billedResourceUtilization.units! } } : null;
}

/** The collaboration a run belongs to: known from its parent, else from the membership's route. */
export async function collaborationIdOf<F>(run: RunNode<F>, ctx: GraphContext): Promise<string | undefined> {
  return run.collaborationId ?? (await ctx.router.membershipRoute(run.membershipId))?.collaborationId;
}

export async function membershipOf<F>(run: RunNode<F>, ctx: GraphContext): Promise<MembershipNode> {
  const route = await ctx.router.membershipRoute(run.membershipId);
  return { id: run.membershipId, accountId: route!.accountId, collaborationId: run.collaborationId ?? route!.collaborationId, known: {} };
}

/** Receivers as the summary lists them, or as the full run's result configuration names them (S3 output: the runner). */
export async function receiverIds(run: RunNode<FullRun>, ctx: GraphContext, loadFull: () => Promise<FullRun>): Promise<string[]> {
  if (run.receiverAccountIds) return run.receiverAccountIds;
  const full = run.full ?? (await loadFull());
  const out = full.resultConfiguration?.outputConfiguration as
    | { member?: { accountId?: string }; s3?: unknown; distribute?: { locations?: { member?: { accountId?: string }; s3?: unknown }[] } }
    | undefined;
  const locations = out?.distribute?.locations ?? (out ? [out] : []);
  const ids = new Set<string>();
  for (const l of locations) {
    if (l.member?.accountId) ids.add(l.member.accountId);
    else if (l.s3) ids.add((await ctx.router.membershipRoute(run.membershipId))?.accountId ?? "");
  }
  ids.delete("");
  return [...ids];
}

/** Members by account id, in the order given; ids that are not members are left out. */
export async function membersById(ctx: GraphContext, collaborationId: string | undefined, ids: readonly string[]): Promise<MemberNode[]> {
  if (!collaborationId) return [];
  const members = await membersOf(ctx, collaborationId);
  return ids.map((id) => members.get(id)).filter((m): m is MemberNode => m !== undefined);
}
