/** What an input check finds, and the one refusal that names every problem before any AWS call. */
import { ErrorCode } from "../errors/codes";
import { refusal } from "../errors/contract-error";

export interface InputProblem {
  /** The GraphQL path of the offending field, e.g. "input.computeConfiguration.worker.number". */
  field: string;
  message: string;
}

/** BAD_USER_INPUT naming every problem; extensions.field is the first problem's path. */
export function rejectProblems(problems: readonly InputProblem[]): void {
  if (problems.length === 0) return;
  const message = problems.map((p) => p.message).join("; ");
  throw refusal(ErrorCode.BAD_USER_INPUT, message.endsWith(".") ? message : `${message}.`, { field: problems[0].field });
}
