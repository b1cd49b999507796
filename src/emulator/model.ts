/**
 * The AWS service models (botocore's service-2 form, documentation stripped)
 * that the emulator speaks: routes are checked against them by the tests and
 * request inputs are validated against their shapes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../package-root";

export interface MemberRef {
  shape: string;
  location?: "uri" | "querystring" | "header" | "headers" | "statusCode";
  locationName?: string;
}

export interface Shape {
  type: "structure" | "list" | "map" | "string" | "integer" | "long" | "double" | "float" | "boolean" | "timestamp" | "blob";
  members?: Record<string, MemberRef>;
  required?: string[];
  union?: boolean;
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  error?: { httpStatusCode: number };
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface ServiceModel {
  metadata: Record<string, unknown>;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

const cache = new Map<string, ServiceModel>();

export function loadModel(file: "cleanrooms-2022-02-17" | "sts-2011-06-15"): ServiceModel {
  let model = cache.get(file);
  if (!model) {
    const path = join(packageRoot(), "src", "emulator", "models", `${file}.structure.json`);
    model = JSON.parse(readFileSync(path, "utf8")) as ServiceModel;
    cache.set(file, model);
  }
  return model;
}

export const cleanroomsModel = (): ServiceModel => loadModel("cleanrooms-2022-02-17");
