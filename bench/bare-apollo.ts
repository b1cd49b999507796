/**
 * The floor for "gateway overhead without AWS": Apollo Server 5 through
 * express 5 (the gateway's own stack and versions), with a one-field schema
 * answering the same query shape from memory. No auth, limits or plugins.
 * Forked by bench/bench.ts; prints "serving <url>" like the gateway.
 */
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const typeDefs = `type Account { accountId: String! alias: String }
type Query { accounts: [Account!]! }`;
const accounts = Array.from({ length: 5 }, (_, i) => ({ accountId: String(100_000_000_001 + i), alias: `account-${i + 1}` }));

async function main(): Promise<void> {
  const apollo = new ApolloServer({ typeDefs, resolvers: { Query: { accounts: () => accounts } } });
  await apollo.start();
  const app = express();
  app.use("/graphql", express.json(), expressMiddleware(apollo));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  console.log(`serving http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
  process.once("SIGTERM", () => server.close(() => process.exit(0)));
}

void main();
