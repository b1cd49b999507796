/**
 * The control plane under /_emulator/ (tests and benchmarks; no AWS
 * operation reaches it). Bodies are JSON; README documents each. It
 * answers loopback Host headers only (127.0.0.1, localhost, [::1], any
 * port): a page on another name resolving to 127.0.0.1 (DNS rebinding)
 * cannot read the scenario's secret keys or change the world.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { faultRulesSchema } from "./faults";
import { roleArn, scenarioRegions } from "./scenario";
import type { EmulatorCore } from "./server";
import { statesFromScenario } from "./state";

const clockSchema = z.object({ advanceMs: z.number().int().min(0).optional(), advanceSeconds: z.number().min(0).optional() });

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function parse<T>(schema: z.ZodType<T>, body: Buffer): { ok: true; value: T } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = body.length ? JSON.parse(body.toString("utf8")) : {};
  } catch {
    return { ok: false, error: "the body is not JSON" };
  }
  const r = schema.safeParse(json);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, error: r.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ") };
}

function clockBody(core: EmulatorCore) {
  const now = core.clock.now();
  return { mode: core.clock.mode, now: new Date(now).toISOString(), epochMillis: now };
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

/** Whether a Host header names the loopback interface (by address or as localhost). */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

export function handleControl(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
  if (!isLoopbackHost(req.headers.host)) return send(res, 403, { error: "the control plane answers loopback hosts only (Host 127.0.0.1, localhost or [::1])" });
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case "GET /_emulator/calls":
      return send(res, 200, core.calls.snapshot());
    case "POST /_emulator/calls/reset":
      core.calls.reset();
      return send(res, 200, core.calls.snapshot());
    case "GET /_emulator/faults":
      return send(res, 200, { rules: core.faults.list() });
    case "POST /_emulator/faults": {
      const r = parse(faultRulesSchema, body);
      if (!r.ok) return send(res, 400, { error: r.error });
      core.faults.set(r.value.rules);
      return send(res, 200, { rules: core.faults.list() });
    }
    case "GET /_emulator/clock":
      return send(res, 200, clockBody(core));
    case "POST /_emulator/clock": {
      const r = parse(clockSchema, body);
      if (!r.ok) return send(res, 400, { error: r.error });
      if (core.clock.mode !== "manual") return send(res, 409, { error: "the clock is real; start the emulator with clock 'manual' to advance it" });
      core.clock.advance((r.value.advanceMs ?? 0) + Math.round((r.value.advanceSeconds ?? 0) * 1000));
      return send(res, 200, clockBody(core));
    }
    case "POST /_emulator/reset":
      // Issued credentials stay valid (AWS does not revoke them); the world, calls and faults start over.
      core.states = statesFromScenario(core.scenario);
      core.calls.reset();
      core.faults.set([]);
      return send(res, 200, { reset: true });
    case "GET /_emulator/conformance":
      if (!core.conformance) return send(res, 409, { error: "start the emulator with validateResponses to check responses" });
      return send(res, 200, { checked: core.conformance.checked, violations: core.conformance.violations });
    case "GET /_emulator/scenario":
      return send(res, 200, {
        region: core.scenario.region,
        regions: scenarioRegions(core.scenario),
        gateway: { ...core.scenario.gateway, arn: `arn:aws:iam::${core.scenario.gateway.accountId}:user/${core.scenario.gateway.userName}` },
        accounts: core.scenario.accounts.map((a) => ({
          accountId: a.accountId,
          alias: a.alias,
          federated: a.federated,
          roleArn: roleArn(a),
          ...(a.role.externalId ? { externalId: a.role.externalId } : {}),
        })),
      });
    default:
      return send(res, 404, { error: `no control endpoint ${route}` });
  }
}
