/**
 * Response conformance: every body the emulator sends, checked against the
 * reference model (required members present, no unknown members, enum values
 * valid). Errors are checked against their error shape, and must be one the
 * operation declares (or one of the front door's authentication errors).
 */
import type { AwsError, FieldProblem } from "./errors";
import type { ServiceModel } from "./model";
import { checkShape } from "./protocol/shape-check";

/** Errors AWS's front door answers before any operation runs; not in service models. */
const FRONT_DOOR_ERRORS = new Set([
  "UnrecognizedClientException",
  "ExpiredTokenException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "SerializationException",
]);

export interface Violation {
  operation: string;
  kind: "output" | "error";
  problems: FieldProblem[];
}

export class ConformanceLog {
  readonly checked: Record<string, number> = {};
  readonly violations: Violation[] = [];

  constructor(private readonly model: ServiceModel) {}

  checkOutput(operation: string, output: unknown): FieldProblem[] {
    const shape = this.model.operations[operation].output?.shape;
    const problems = shape ? checkShape(this.model, shape, output, "", { rejectUnknown: true }) : [];
    return this.note(operation, "output", problems);
  }

  checkError(operation: string, error: AwsError): FieldProblem[] {
    if (FRONT_DOOR_ERRORS.has(error.code)) return this.note(operation, "error", []);
    const declared = (this.model.operations[operation].errors ?? []).some((e) => e.shape === error.code);
    const problems: FieldProblem[] = declared
      ? checkShape(this.model, error.code, { message: error.message, ...error.members }, "", { rejectUnknown: true })
      : [{ name: error.code, message: `${operation} does not declare this error` }];
    return this.note(operation, "error", problems);
  }

  private note(operation: string, kind: Violation["kind"], problems: FieldProblem[]): FieldProblem[] {
    this.checked[operation] = (this.checked[operation] ?? 0) + 1;
    if (problems.length > 0) this.violations.push({ operation, kind, problems });
    return problems;
  }
}
