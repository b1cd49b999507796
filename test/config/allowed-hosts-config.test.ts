/**
 * server.allowedHosts: the Host header values the gateway answers (DNS
 * rebinding), host or host:port. None by default (any host, behind a load
 * balancer); a value that could never match a Host header stops the start.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load-config";
import { DEFAULTS } from "../../src/defaults";
import { MINIMAL_CONFIG, problems } from "./refusals";

const base = MINIMAL_CONFIG;

const withHosts = (allowedHosts: unknown) => ({ ...base, server: { allowedHosts } });


describe("server.allowedHosts", () => {
  it("is empty by default: any host", () => {
    expect(parseConfig(base, "t").server.allowedHosts).toEqual([]);
    expect(DEFAULTS.server.allowedHosts).toEqual([]);
  });

  it("takes hosts and host:port, names and addresses", () => {
    const hosts = ["graph.example.com", "Graph.Example.com:8443", "10.0.0.7:4000", "[::1]:4000", "localhost"];
    expect(parseConfig(withHosts(hosts), "t").server.allowedHosts).toEqual(hosts);
  });

  it("refuses what is not a Host header value, one line each", () => {
    const bad = ["https://graph.example.com", "graph.example.com/graphql", "*.example.com", "", "graph example.com"];
    const lines = problems(withHosts(bad));
    expect(lines).toHaveLength(bad.length);
    bad.forEach((_, i) => expect(lines[i]).toMatch(new RegExp(`^  server\\.allowedHosts\\.${i}: must be a host as clients send it in the Host header`)));
  });
});
