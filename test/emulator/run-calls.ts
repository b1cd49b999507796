/**
 * The calls of one run kind (Start, Get, Update to CANCELLED, List) as an
 * account of the test emulator makes them through the real SDK: what the
 * protected query and protected job tests share.
 */
import "../../src/aws/sdk-overlay";
import {
  GetProtectedJobCommand,
  GetProtectedQueryCommand,
  ListProtectedJobsCommand,
  ListProtectedQueriesCommand,
  StartProtectedJobCommand,
  StartProtectedQueryCommand,
  UpdateProtectedJobCommand,
  UpdateProtectedQueryCommand,
  type ProtectedJob,
  type ProtectedJobSummary,
  type ProtectedQuery,
  type ProtectedQuerySummary,
  type StartProtectedJobCommandInput,
  type StartProtectedQueryCommandInput,
} from "@aws-sdk/client-cleanrooms";
import { expect } from "vitest";
import { refusal } from "../support/aws-errors";
import type { TestEmulator } from "../support/emulator";

interface Kinds {
  query: { start: StartProtectedQueryCommandInput; run: ProtectedQuery; summary: ProtectedQuerySummary };
  job: { start: StartProtectedJobCommandInput; run: ProtectedJob; summary: ProtectedJobSummary };
}

/** A Start's input but the membership, which every call names. */
export type StartOptions<K extends keyof Kinds> = Partial<Omit<Kinds[K]["start"], "membershipIdentifier">>;

type Command = new (input: never) => object;

/** Each kind's commands, and the wire names of its identifier, its run and its list. */
const WIRE: Record<keyof Kinds, { Start: Command; Get: Command; Update: Command; List: Command; id: string; one: string; many: string }> = {
  query: { Start: StartProtectedQueryCommand, Get: GetProtectedQueryCommand, Update: UpdateProtectedQueryCommand, List: ListProtectedQueriesCommand, id: "protectedQueryIdentifier", one: "protectedQuery", many: "protectedQueries" },
  job: { Start: StartProtectedJobCommand, Get: GetProtectedJobCommand, Update: UpdateProtectedJobCommand, List: ListProtectedJobsCommand, id: "protectedJobIdentifier", one: "protectedJob", many: "protectedJobs" },
};

export const HOUR_MS = 3_600_000;
/** The demo numbers each kind's seeded runs by status: run n is SEEDED_STATUSES[n - 1] (only queries have a 7th). */
export const SEEDED_STATUSES = ["SUBMITTED", "STARTED", "CANCELLING", "CANCELLED", "FAILED", "SUCCESS", "TIMED_OUT"] as const;
export const toMember = (accountId: string) => ({ outputConfiguration: { member: { accountId } } });

/** The kind's calls; `defaults` fill every Start (its type, parameters, …) under the options a test gives. */
export function runCalls<K extends keyof Kinds>(emulator: () => TestEmulator, kind: K, defaults: StartOptions<K>) {
  type Run = Kinds[K]["run"];
  const wire = WIRE[kind];
  // The commands' input and output types are the kind's; the wire names above pick its members.
  const send = async (account: string, command: object) => (await (await emulator().cleanrooms(account)).send(command as never)) as unknown as Record<string, unknown>;
  const one = async (account: string, command: object) => (await send(account, command))[wire.one] as Run;

  const calls = {
    start: (account: string, membershipIdentifier: string, options: StartOptions<K> = {}) =>
      one(account, new wire.Start({ membershipIdentifier, ...defaults, ...options } as never)),
    get: (account: string, membershipIdentifier: string, id: string) => one(account, new wire.Get({ membershipIdentifier, [wire.id]: id } as never)),
    cancel: (account: string, membershipIdentifier: string, id: string) =>
      one(account, new wire.Update({ membershipIdentifier, [wire.id]: id, targetStatus: "CANCELLED" } as never)),

    /** One page of the membership's runs (`runs` is the kind's list member, which must be there). */
    async list(account: string, membershipIdentifier: string, filter: { status?: string; maxResults?: number; nextToken?: string } = {}) {
      const out = await send(account, new wire.List({ membershipIdentifier, ...filter } as never));
      expect(out[wire.many], `${wire.many} in the answer`).toBeInstanceOf(Array);
      return { runs: out[wire.many] as Kinds[K]["summary"][], nextToken: out.nextToken as string | undefined };
    },

    async ids(owner: string, membershipIdentifier: string, filter: { status?: string } = {}) {
      return (await calls.list(owner, membershipIdentifier, filter)).runs.map((r) => r.id);
    },

    /** The refusal of a call, after checking the membership's owner sees no new run. */
    async refusedWithoutTrace(owner: string, membershipIdentifier: string, call: () => Promise<unknown>) {
      const before = await calls.ids(owner, membershipIdentifier);
      const error = await refusal(call());
      expect(await calls.ids(owner, membershipIdentifier)).toEqual(before);
      return error;
    },

    /** Lets the clock run step by step, the run's status after each step being the one given. */
    async statuses(account: string, membershipIdentifier: string, id: string, steps: readonly (readonly [ms: number, status: string])[]) {
      for (const [ms, status] of steps) {
        await emulator().advance(ms);
        expect((await calls.get(account, membershipIdentifier, id)).status, `after ${ms} ms more`).toBe(status);
      }
      return calls.get(account, membershipIdentifier, id);
    },
  };
  return calls;
}
