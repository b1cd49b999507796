/**
 * AWS restJson1 on the emulator's side: matching a request to an operation
 * by method and URI template, assembling the operation's input from URI
 * labels, query string and JSON body as the model binds them, and writing
 * results and errors the way the SDK parses them.
 */
import type { ServerResponse } from "node:http";
import { AwsError, validation, type FieldProblem } from "../errors";
import type { ServiceModel } from "../model";
import { checkShape } from "./shape-check";

export interface RestRoute<H> {
  operation: string;
  method: string;
  /** URI template as the model writes it, e.g. /collaborations/{collaborationIdentifier}. */
  path: string;
  handler: H;
}

interface CompiledRoute<H> extends RestRoute<H> {
  regex: RegExp;
  labels: string[];
}

export class RestRouter<H> {
  private readonly compiled: CompiledRoute<H>[];

  constructor(routes: readonly RestRoute<H>[]) {
    this.compiled = routes.map((r) => {
      const labels: string[] = [];
      const source = r.path.replace(/\{(\w+)\}/g, (_, label: string) => {
        labels.push(label);
        return "([^/]+)";
      });
      return { ...r, regex: new RegExp(`^${source}$`), labels };
    });
  }

  /** The route and its URI labels, or undefined when no operation answers this method and path. */
  match(method: string, pathname: string): { route: RestRoute<H>; labels: Record<string, string> } | undefined {
    for (const r of this.compiled) {
      if (r.method !== method) continue;
      const m = r.regex.exec(pathname);
      if (!m) continue;
      const labels: Record<string, string> = {};
      r.labels.forEach((name, i) => (labels[name] = decodeURIComponent(m[i + 1])));
      return { route: r, labels };
    }
    return undefined;
  }
}

/**
 * Builds and validates an operation's input. Throws ValidationException
 * (with a fieldList naming each bad field) on a malformed or invalid input.
 */
export function readInput(
  model: ServiceModel,
  operation: string,
  labels: Record<string, string>,
  query: URLSearchParams,
  body: Buffer,
): Record<string, unknown> {
  const op = model.operations[operation];
  const shapeName = op.input?.shape;
  if (!shapeName) return {};
  const shape = model.shapes[shapeName];
  let json: Record<string, unknown> = {};
  if (body.length > 0) {
    try {
      const parsed: unknown = JSON.parse(body.toString("utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      json = parsed as Record<string, unknown>;
    } catch {
      throw new AwsError("SerializationException", 400, "The request body is not a JSON object.");
    }
  }
  const input: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const wireName = ref.locationName ?? member;
    if (ref.location === "uri") {
      if (labels[wireName] !== undefined) input[member] = labels[wireName];
    } else if (ref.location === "querystring") {
      const raw = query.get(wireName);
      if (raw === null) continue;
      const target = model.shapes[ref.shape];
      if (target.type === "integer" || target.type === "long") {
        const n = Number(raw);
        if (!/^-?\d+$/.test(raw)) problems.push({ name: member, message: "must be an integer" });
        else input[member] = n;
      } else {
        input[member] = raw;
      }
    } else if (ref.location === undefined && json[member] !== undefined) {
      input[member] = json[member];
    }
  }
  problems.push(...checkShape(model, shapeName, input, ""));
  if (problems.length > 0) {
    const first = problems[0];
    throw validation(`${first.name}: ${first.message}`, problems);
  }
  return input;
}

export function writeResult(res: ServerResponse, requestId: string, status: number, output: unknown): void {
  const body = JSON.stringify(output ?? {});
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": requestId,
  });
  res.end(body);
}

export function writeError(res: ServerResponse, requestId: string, error: AwsError): void {
  const body = JSON.stringify({ message: error.message, ...error.members });
  res.writeHead(error.httpStatus, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "x-amzn-RequestId": requestId,
    "X-Amzn-Errortype": error.code,
  });
  res.end(body);
}
