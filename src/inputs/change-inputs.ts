/**
 * Checks on a createChangeRequest input before anything is sent: ids, the
 * 1–10 changes AWS accepts, each change carrying the specification its
 * type names (and only that one), display names AWS would refuse, and one
 * change per member (and at most one to the collaboration) per request.
 * Which change types a change amounts to is AWS's to decide, not ours.
 */
import type { InputProblem } from "./problems";
import { checkAccountId, checkUuid } from "./run-inputs";

export const MAX_CHANGES = 10;

export interface ChangeInputData {
  specificationType: "MEMBER" | "COLLABORATION";
  member?: { accountId: string; displayName?: string | null } | null;
  collaboration?: { autoApprovedChangeTypes: readonly string[] } | null;
}

export interface CreateChangeRequestData {
  collaborationId: string;
  changes: readonly ChangeInputData[];
}

const problem = (field: string, message: string): InputProblem => ({ field, message: `${field} ${message}` });

function checkChange(field: string, change: ChangeInputData): InputProblem[] {
  const { specificationType: type, member, collaboration } = change;
  if (type === "MEMBER") {
    if (!member) return [problem(`${field}.member`, "is required when specificationType is MEMBER")];
    if (collaboration) return [problem(`${field}.collaboration`, "must be left out when specificationType is MEMBER")];
    const out = checkAccountId(`${field}.member.accountId`, member.accountId);
    const name = member.displayName;
    if (name !== undefined && name !== null && (name.length < 1 || name.length > 100 || name.trim().length === 0)) {
      out.push(problem(`${field}.member.displayName`, "must be 1–100 characters and not only spaces"));
    }
    return out;
  }
  if (!collaboration) return [problem(`${field}.collaboration`, "is required when specificationType is COLLABORATION")];
  if (member) return [problem(`${field}.member`, "must be left out when specificationType is COLLABORATION")];
  return [];
}

export function checkCreateChangeRequest(input: CreateChangeRequestData, at = "input"): InputProblem[] {
  const out = checkUuid(`${at}.collaborationId`, input.collaborationId);
  const { changes } = input;
  if (changes.length < 1 || changes.length > MAX_CHANGES) {
    return [...out, problem(`${at}.changes`, `must hold 1–${MAX_CHANGES} changes; got ${changes.length}`)];
  }
  const targets = new Map<string, number>();
  for (const [i, change] of changes.entries()) {
    const field = `${at}.changes[${i}]`;
    const own = checkChange(field, change);
    out.push(...own);
    if (own.length > 0) continue;
    const target = change.member ? `member ${change.member.accountId}` : "the collaboration";
    const first = targets.get(target);
    if (first !== undefined) {
      out.push(problem(change.member ? `${field}.member.accountId` : `${field}.collaboration`, `changes ${target} again (changes[${first}] does already); a request changes each at most once`));
    } else {
      targets.set(target, i);
    }
  }
  return out;
}
