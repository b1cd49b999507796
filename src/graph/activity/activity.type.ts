/** The run family as one list: a connection of the ProtectedRun interface (run/run.interface.ts). */
import type { ClassType } from "type-graphql";
import { connectionTypes } from "../common/connection";
import { ProtectedRun, ProtectedRunKind } from "../run/run.interface";

export { ProtectedRun, ProtectedRunKind, ProtectedRunStatus } from "../run/run.interface";

export const familyOfKind: Record<ProtectedRunKind, "query" | "job"> = { QUERY: "query", JOB: "job" };
export const kindOfFamily = (family: "query" | "job"): ProtectedRunKind => (family === "job" ? "JOB" : "QUERY");

// An interface is an abstract class: the connection only names it as its items' type.
export const ProtectedRunConnection = connectionTypes(ProtectedRun as unknown as ClassType<ProtectedRun>, "ProtectedRun");
