/**
 * The gateway's HTTP server: Apollo Server over express on one
 * http.Server (the same server will carry graphql-ws), the schema, the
 * per-request context, and the AWS client pool behind it.
 */
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AwsAccount } from "../aws/account";
import { CleanRoomsApi } from "../aws/cleanrooms-api";
import { ClientPool, type ClientPoolOptions } from "../aws/clients";
import { normalizeError, type ErrorLogger } from "../errors/normalize";
import { AccountHealth } from "../federation/account-health";
import type { GraphContext } from "../graph/context";
import { Loaders } from "../graph/loaders";
import { buildGraphSchema } from "../graph/schema";
import { accountErrorsPlugin } from "./plugins/account-errors.plugin";

export interface GatewayOptions {
  host: string;
  port: number;
  accounts: readonly AwsAccount[];
  aws: Omit<ClientPoolOptions, "accounts">;
  log?: ErrorLogger;
}

export interface Gateway {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const defaultLog: ErrorLogger = (id, e) => console.error(`[${id}]`, e);

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const pool = new ClientPool({ ...options.aws, accounts: options.accounts });
  const api = new CleanRoomsApi(pool);
  const log = options.log ?? defaultLog;
  const app = express();
  const server = createServer(app);
  const apollo = new ApolloServer<GraphContext>({
    schema: await buildGraphSchema(),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), ApolloServerPluginLandingPageDisabled(), accountErrorsPlugin()],
    formatError: (formatted, original) => normalizeError(formatted, original, log),
  });
  await apollo.start();

  const canAssume = async (accountId: string) => {
    try {
      await pool.credentials(accountId).get();
      return true;
    } catch {
      return false;
    }
  };
  app.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async (): Promise<GraphContext> => {
        const health = new AccountHealth();
        const accounts = options.accounts;
        // Until authentication lands every caller is the operator: all accounts, every action.
        const may = (accountId: string) => accounts.some((a) => a.accountId === accountId);
        return { accounts, health, loaders: new Loaders(api, health, accounts.map((a) => a.accountId)), canAssume, may };
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/graphql`,
    server,
    async close() {
      await apollo.stop();
      pool.destroy();
    },
  };
}
