/**
 * The AWS query protocol as STS speaks it: a form-encoded POST naming the
 * Action, answered with XML in the service's namespace; errors as an
 * ErrorResponse document.
 */
import type { ServerResponse } from "node:http";
import { AwsError, type FieldProblem } from "../errors";
import type { ServiceModel } from "../model";
import { checkShape } from "./shape-check";

const escapeXml = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

/** Nested elements from a plain object; strings are escaped. */
export function toXml(value: Record<string, unknown>): string {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${typeof v === "object" && v !== null ? toXml(v as Record<string, unknown>) : escapeXml(String(v))}</${k}>`)
    .join("");
}

/** Top-level scalar members of an operation's input, typed and validated against the model. */
export function readQueryInput(model: ServiceModel, operation: string, form: URLSearchParams): Record<string, unknown> {
  const shapeName = model.operations[operation].input?.shape;
  if (!shapeName) return {};
  const input: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [member, ref] of Object.entries(model.shapes[shapeName].members ?? {})) {
    const raw = form.get(member);
    if (raw === null) continue;
    const type = model.shapes[ref.shape].type;
    if (type === "integer" || type === "long") {
      if (!/^-?\d+$/.test(raw)) problems.push({ name: member, message: "must be an integer" });
      else input[member] = Number(raw);
    } else if (type === "string") {
      input[member] = raw;
    }
  }
  problems.push(...checkShape(model, shapeName, input, ""));
  if (problems.length > 0) {
    throw new AwsError(
      "ValidationError",
      400,
      problems.map((p) => `Value at '${p.name}' failed to satisfy constraint: ${p.message}`).join("; "),
    );
  }
  return input;
}

export function writeQueryResult(
  res: ServerResponse,
  xmlNamespace: string,
  operation: string,
  requestId: string,
  result: Record<string, unknown>,
): void {
  const body =
    `<${operation}Response xmlns="${xmlNamespace}">` +
    `<${operation}Result>${toXml(result)}</${operation}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${operation}Response>`;
  res.writeHead(200, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(body), "x-amzn-RequestId": requestId });
  res.end(body);
}

export function writeQueryError(res: ServerResponse, requestId: string, error: AwsError): void {
  const type = error.httpStatus >= 500 ? "Receiver" : "Sender";
  const body =
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">` +
    `<Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  res.writeHead(error.httpStatus, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(body), "x-amzn-RequestId": requestId });
  res.end(body);
}

