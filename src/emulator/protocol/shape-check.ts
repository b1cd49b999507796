/**
 * Checks a value against a shape of the service model: required members,
 * types, string length and pattern, number ranges, enum values, list sizes,
 * unions with exactly one member set. Used on every request input, and by
 * the conformance test on every response body (where unknown members count
 * as problems too).
 */
import type { FieldProblem } from "../errors";
import type { ServiceModel, Shape } from "../model";

export interface ShapeCheckOptions {
  /** Report members the shape does not declare (responses must not carry any). */
  rejectUnknown?: boolean;
  /** Members to leave out at the top level (e.g. those bound to the URI or query string). */
  skipTopLevel?: Set<string>;
}

const patternCache = new Map<string, RegExp | null>();

function compilePattern(pattern: string): RegExp | null {
  if (!patternCache.has(pattern)) {
    let re: RegExp | null;
    try {
      // AWS patterns match the whole value (Java's String.matches).
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null; // a Java-only construct: the pattern is not checked
    }
    patternCache.set(pattern, re);
  }
  return patternCache.get(pattern)!;
}

export function checkShape(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  options: ShapeCheckOptions = {},
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  visit(shapeName, value, path, true);
  return problems;

  function add(name: string, message: string) {
    problems.push({ name: name || "(root)", message });
  }

  function visit(name: string, v: unknown, at: string, top = false) {
    const shape: Shape | undefined = model.shapes[name];
    if (!shape) return add(at, `unknown shape ${name}`);
    switch (shape.type) {
      case "structure":
        return visitStructure(shape, v, at, top);
      case "list":
        if (!Array.isArray(v)) return add(at, "must be a list");
        checkSize(shape, v.length, at, "items");
        v.forEach((item, i) => visit(shape.member!.shape, item, `${at}[${i}]`));
        return;
      case "map":
        if (!isObject(v)) return add(at, "must be a map");
        checkSize(shape, Object.keys(v).length, at, "entries");
        for (const [k, item] of Object.entries(v)) {
          visit(shape.key!.shape, k, `${at}.${k} (key)`);
          visit(shape.value!.shape, item, `${at}.${k}`);
        }
        return;
      case "string":
        if (typeof v !== "string") return add(at, "must be a string");
        if (shape.enum && !shape.enum.includes(v)) {
          return add(at, `must be one of ${shape.enum.join(", ")}; got '${v}'`);
        }
        checkSize(shape, v.length, at, "characters");
        if (shape.pattern) {
          const re = compilePattern(shape.pattern);
          if (re && !re.test(v)) add(at, `must match the pattern ${shape.pattern}`);
        }
        return;
      case "integer":
      case "long":
        if (typeof v !== "number" || !Number.isInteger(v)) return add(at, "must be an integer");
        return checkRange(shape, v, at);
      case "double":
      case "float":
        if (typeof v !== "number" || !Number.isFinite(v)) return add(at, "must be a number");
        return checkRange(shape, v, at);
      case "boolean":
        if (typeof v !== "boolean") add(at, "must be a boolean");
        return;
      case "timestamp":
        // rest-json: epoch seconds as a JSON number
        if (typeof v !== "number" || !Number.isFinite(v)) add(at, "must be a timestamp in epoch seconds");
        return;
      case "blob":
        if (typeof v !== "string") add(at, "must be base64 text");
        return;
    }
  }

  function visitStructure(shape: Shape, v: unknown, at: string, top: boolean) {
    if (!isObject(v)) return add(at, "must be an object");
    const members = shape.members ?? {};
    const join = (k: string) => (at ? `${at}.${k}` : k);
    const skip = top ? options.skipTopLevel : undefined;
    for (const req of shape.required ?? []) {
      if (skip?.has(req)) continue;
      if (v[req] === undefined || v[req] === null) add(join(req), "is required");
    }
    const set = Object.keys(v).filter((k) => v[k] !== undefined && v[k] !== null);
    if (shape.union && set.length !== 1) {
      add(at, `must set exactly one of ${Object.keys(members).join(", ")}`);
    }
    for (const k of set) {
      if (skip?.has(k)) continue;
      const ref = members[k];
      if (!ref) {
        if (options.rejectUnknown) add(join(k), "is not a member of the shape");
        continue;
      }
      visit(ref.shape, v[k], join(k));
    }
  }

  function checkSize(shape: Shape, n: number, at: string, unit: string) {
    if (shape.min !== undefined && n < shape.min) add(at, `must have at least ${shape.min} ${unit}`);
    if (shape.max !== undefined && n > shape.max) add(at, `must have at most ${shape.max} ${unit}`);
  }

  function checkRange(shape: Shape, n: number, at: string) {
    if (shape.min !== undefined && n < shape.min) add(at, `must be at least ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) add(at, `must be at most ${shape.max}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
