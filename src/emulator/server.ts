/**
 * The emulator: one HTTP server that speaks AWS Clean Rooms (restJson1) and
 * STS (query protocol) to unmodified AWS clients, plus a control plane under
 * /_emulator/ for tests and benchmarks. Each request is attributed to the
 * account of its access key, counted, subjected to injected faults, validated
 * against the model, and handed to the operation's handler.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { CallCounter } from "./calls";
import { ConformanceLog } from "./conformance";
import { cleanroomsRoutes } from "./cleanrooms/routes";
import type { CallContext, Handler, RunSchedule } from "./cleanrooms/context";
import { createClock, type Clock, type ClockMode } from "./clock";
import { handleControl } from "./control";
import { AwsError, expiredToken, internal, invalidSignature, missingAuthentication, throttling, unrecognizedClient } from "./errors";
import { FaultInjector } from "./faults";
import { seededRandom } from "./random";
import { AuthError, IdentityStore, parseAuthorization, type AuthFailure, type Principal } from "./identity";
import { cleanroomsModel, loadModel } from "./model";
import { readQueryInput, writeQueryError, writeQueryResult } from "./protocol/aws-query";
import { readInput, RestRouter, writeError, writeResult } from "./protocol/rest-json";
import { scopeProblem, SignatureScopeError, verifySigV4 } from "./protocol/sigv4";
import { loadScenarioFile, demoScenarioPath, type Scenario } from "./scenario";
import { statesFromScenario, type EmulatorState } from "./state";
import { handleSts, stsOperations, type StsOperation } from "./sts";

export interface EmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind; 127.0.0.1 by default. */
  host?: string;
  /** The world to start with; the demo scenario by default. */
  scenario?: Scenario;
  /** "real" (default) follows the wall clock; "manual" moves only through POST /_emulator/clock. */
  clock?: ClockMode;
  /** Lifetime of AssumeRole credentials when the caller names none; 3600 by default. */
  credentialLifetimeSeconds?: number;
  /** When started runs turn STARTED and finish; by default 2 s and 8 s after submission, cancelling for 1 s. */
  runSchedule?: Partial<RunSchedule>;
  /** Seed for fault injection's randomness; Math.random when left out. */
  faultSeed?: number;
  /**
   * With faultSeed: each call's dice come from the seed, the request (operation, path, query, body) and how often it
   * came before, so that concurrent calls arriving in another order meet the same faults (faults.ts).
   */
  faultSeedPerRequest?: boolean;
  /**
   * Check every response body against the model's output (or error) shape
   * before sending it; a nonconforming one is answered as a 500 and recorded
   * (GET /_emulator/conformance). On in tests, so that no test passes on a
   * body that real AWS could not have sent.
   */
  validateResponses?: boolean;
}

export interface Emulator {
  /** http://host:port */
  readonly url: string;
  readonly port: number;
  readonly clock: Clock;
  /** The scenario the emulator was started with (and resets to). */
  readonly scenario: Scenario;
  close(): Promise<void>;
}

export const DEFAULT_RUN_SCHEDULE: RunSchedule = { startAfterMs: 2_000, finishAfterMs: 8_000, cancelAfterMs: 1_000 };
const MAX_BODY_BYTES = 1 << 20;

/** Everything the dispatcher and the control plane share. */
export interface EmulatorCore {
  scenario: Scenario;
  /** One world per region the scenario serves: a request sees the world of the region it was signed for. */
  states: Map<string, EmulatorState>;
  identity: IdentityStore;
  clock: Clock;
  calls: CallCounter;
  faults: FaultInjector;
  schedule: RunSchedule;
  conformance: ConformanceLog | undefined;
}

const router = new RestRouter<Handler>(cleanroomsRoutes);

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const scenario = options.scenario ?? loadScenarioFile(demoScenarioPath());
  const clock = createClock(options.clock ?? "real");
  const identity = new IdentityStore(clock, positive("credentialLifetimeSeconds", options.credentialLifetimeSeconds ?? 3600));
  identity.load(scenario);
  const schedule = { ...DEFAULT_RUN_SCHEDULE, ...options.runSchedule };
  const core: EmulatorCore = {
    scenario,
    states: statesFromScenario(scenario),
    identity,
    clock,
    calls: new CallCounter(),
    faults: new FaultInjector(
      options.faultSeed === undefined ? Math.random : seededRandom(options.faultSeed),
      options.faultSeedPerRequest ? options.faultSeed : undefined,
    ),
    schedule,
    conformance: options.validateResponses ? new ConformanceLog(cleanroomsModel()) : undefined,
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    dispatch(core, req, res).catch((e: unknown) => {
      // A bug in the emulator: answer like AWS would, and say so on stderr.
      console.error("emulator: unexpected error", e);
      if (!res.headersSent) writeError(res, randomUUID(), internal());
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    clock,
    scenario,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function positive(name: string, n: number): number {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`emulator option ${name} must be a positive number of seconds, got ${n}`);
  return n;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function dispatch(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const url = new URL(req.url ?? "/", "http://emulator");
  const body = await readBody(req);
  if (body === undefined) {
    return writeError(res, requestId, new AwsError("RequestEntityTooLargeException", 413, "Request body too large."));
  }
  if (url.pathname.startsWith("/_emulator/")) return handleControl(core, req, res, url, body);

  // STS answers at "/", where Clean Rooms has no operation; the signature's service is checked, not trusted for routing.
  if (url.pathname === "/") return dispatchSts(core, req, res, url, body, requestId);

  const match = router.match(req.method ?? "GET", url.pathname);
  if (!match) {
    return writeError(res, requestId, new AwsError("UnknownOperationException", 404, `No operation answers ${req.method} ${url.pathname}.`));
  }
  const operation = match.route.operation;
  try {
    const { principal: caller, region } = authenticate(core, req, url, body, "cleanrooms");
    core.calls.record(caller.accountId, operation, region);
    if (await applyFaults(core, res, operation, caller.accountId, region, false, requestKey(operation, req, body))) return;
    const input = readInput(cleanroomsModel(), operation, match.labels, url.searchParams, body);
    // authenticate admitted only regions the scenario serves.
    const ctx: CallContext = { caller, state: core.states.get(region)!, clock: core.clock, schedule: core.schedule, newId: randomUUID };
    const output = await match.route.handler(ctx, input);
    const problems = core.conformance?.checkOutput(operation, output) ?? [];
    if (problems.length > 0) return writeError(res, requestId, new AwsError("InternalServerException", 500, `emulator bug: ${JSON.stringify(problems)}`));
    writeResult(res, requestId, 200, output);
  } catch (e) {
    if (e instanceof AuthError) {
      core.calls.record("unauthenticated", operation);
      return writeError(res, requestId, e instanceof SignatureScopeError ? invalidSignature(e.detail) : restAuthError(e.failure));
    }
    if (e instanceof AwsError) {
      core.conformance?.checkError(operation, e);
      return writeError(res, requestId, e);
    }
    throw e;
  }
}

function restAuthError(failure: AuthFailure): AwsError {
  switch (failure) {
    case "missing":
      return missingAuthentication();
    case "expired":
      return expiredToken();
    case "bad-signature":
      return invalidSignature();
    case "unknown-key":
    case "bad-token":
      return unrecognizedClient();
  }
}

function stsAuthError(failure: AuthFailure): AwsError {
  switch (failure) {
    case "missing":
      return new AwsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
    case "expired":
      return new AwsError("ExpiredToken", 403, "The security token included in the request is expired");
    case "bad-signature":
      return new AwsError("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided.");
    case "unknown-key":
    case "bad-token":
      return new AwsError("InvalidClientTokenId", 403, "The security token included in the request is invalid.");
  }
}

async function dispatchSts(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, requestId: string) {
  const form = new URLSearchParams(body.toString("utf8"));
  const action = form.get("Action") ?? "";
  if (!(stsOperations as readonly string[]).includes(action)) {
    return writeQueryError(res, requestId, new AwsError("InvalidAction", 400, `Could not find operation ${action} for version 2011-06-15`));
  }
  const operation = action as StsOperation;
  try {
    const { principal: caller, region } = authenticate(core, req, url, body, "sts");
    core.calls.record(caller.accountId, operation, region);
    if (await applyFaults(core, res, operation, caller.accountId, region, true, requestKey(operation, req, body))) return;
    const model = loadModel("sts-2011-06-15");
    const input = readQueryInput(model, operation, form);
    writeQueryResult(res, model.metadata.xmlNamespace as string, operation, requestId, handleSts(core.identity, caller, operation, input));
  } catch (e) {
    if (e instanceof AuthError) {
      core.calls.record("unauthenticated", operation);
      const error = stsAuthError(e.failure);
      return writeQueryError(res, requestId, e instanceof SignatureScopeError ? new AwsError(error.code, error.httpStatus, e.detail) : error);
    }
    if (e instanceof AwsError) return writeQueryError(res, requestId, e);
    throw e;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Any AWS region's shape: STS answers every region's requests alike. */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The principal behind a signed request, and the region it was signed for; AuthError when AWS would refuse it. */
function authenticate(core: EmulatorCore, req: IncomingMessage, url: URL, body: Buffer, service: "cleanrooms" | "sts"): { principal: Principal; region: string } {
  const auth = parseAuthorization(header(req, "authorization"));
  if (!auth) throw new AuthError("missing");
  const principal = core.identity.principal(auth.accessKeyId, header(req, "x-amz-security-token"));
  const secret = core.identity.secretFor(auth.accessKeyId)!;
  const signed = {
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0],
    query: url.search.replace(/^\?/, ""),
    headers: req.headers,
    body,
  };
  const problem = scopeProblem(signed, auth, {
    // Clean Rooms is regional: only regions the scenario has; a region with no world of its own is refused as AWS refuses a wrong one.
    region: service === "sts" ? AWS_REGION : [...core.states.keys()],
    service,
    now: core.clock.now(),
    ...(core.clock.mode === "manual" ? { alsoNow: Date.now() } : {}),
  });
  if (problem) throw new SignatureScopeError(problem);
  if (!verifySigV4(signed, auth, secret)) throw new AuthError("bad-signature");
  return { principal, region: auth.region };
}

/** A request as fault seeding sees it: what was asked, not who signed it or when. */
const requestKey = (operation: string, req: IncomingMessage, body: Buffer): string => `${operation} ${req.method} ${req.url} ${body.toString("utf8")}`;

/** Applies injected faults; true when the call was answered (or dropped) by a fault. */
async function applyFaults(core: EmulatorCore, res: ServerResponse, operation: string, accountId: string, region: string, query = false, key?: string): Promise<boolean> {
  const { delayMs, outcome } = core.faults.decide(operation, accountId, key, region);
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  if (!outcome) return false;
  if (outcome === "drop") {
    res.socket?.destroy();
    return true;
  }
  const error = outcome === "throttle" ? throttling() : internal();
  if (query) writeQueryError(res, randomUUID(), outcome === "throttle" ? new AwsError("Throttling", 400, "Rate exceeded") : new AwsError("InternalFailure", 500, "An internal error occurred."));
  else writeError(res, randomUUID(), error);
  return true;
}
