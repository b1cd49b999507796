/**
 * server.cors.origins: exact origins, as a browser sends them in Origin. A
 * value that could never match one (a path, a trailing slash, a default
 * port, capitals, a wildcard, no scheme) stops the start with a line that
 * says what to write.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load-config";
import { DEFAULTS } from "../../src/defaults";
import { MINIMAL_CONFIG, problems } from "./refusals";

const base = MINIMAL_CONFIG;

const withOrigins = (origins: unknown) => ({ ...base, server: { cors: { origins } } });


describe("server.cors.origins", () => {
  it("is empty by default: no origin may call from a browser", () => {
    expect(parseConfig(base, "t").server.cors).toEqual({ origins: [] });
    expect(DEFAULTS.server.cors.origins).toEqual([]);
  });

  it("takes exact http and https origins, with a port or without", () => {
    const origins = ["https://dashboard.example.com", "http://localhost:5173", "http://127.0.0.1:8080", "https://[::1]:8443", "https://xn--bcher-kva.example"];
    expect(parseConfig(withOrigins(origins), "t").server.cors.origins).toEqual(origins);
  });

  it("refuses what a browser never sends as an origin, saying what to write", () => {
    const cases: [string, string][] = [
      ["https://dashboard.example.com/", "write https://dashboard.example.com"],
      ["https://dashboard.example.com/app", "write https://dashboard.example.com"],
      ["https://Dashboard.Example.com", "write https://dashboard.example.com"],
      ["https://dashboard.example.com:443", "write https://dashboard.example.com"],
      ["http://localhost:80", "write http://localhost"],
      ["dashboard.example.com", "must be an origin such as https://app.example.com"],
      ["*", "wildcards are not allowed, list each origin"],
      ["https://*.example.com", "wildcards are not allowed, list each origin"],
      ["file:///srv/app", "must be an http:// or https:// origin"],
      ["null", "must be an origin such as https://app.example.com"],
    ];
    const lines = problems(withOrigins(cases.map(([origin]) => origin)));
    expect(lines).toHaveLength(cases.length);
    cases.forEach(([origin, hint], i) => expect(lines[i], origin).toMatch(new RegExp(`^  server\\.cors\\.origins\\.${i}: .*${hint.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`)));
  });

  it("refuses a list that is not a list of strings, and settings it does not know", () => {
    expect(problems(withOrigins("https://dashboard.example.com"))[0]).toMatch(/^  server\.cors\.origins: /);
    expect(problems({ ...base, server: { cors: { origin: ["https://dashboard.example.com"] } } })[0]).toMatch(/^  server\.cors: Unrecognized key.*origin/);
  });
});
