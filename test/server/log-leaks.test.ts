/** The log checker every test gateway writes through (test/support/log-leaks.ts) finds what it must, and only that. */
import type { ApolloServerPlugin } from "@apollo/server";
import { expect, it } from "vitest";
import { startTestGateway } from "../support/gateway";
import { captureLog } from "../support/log-capture";
import { check, checkedLogger, logLeaks, registerSecret } from "../support/log-leaks";

/** pino writes synchronously to a stream; this lets the Writable run. */
const flushed = () => new Promise<void>((resolve) => setImmediate(resolve));

it("flags tokens, access keys, secret keys and SQL text; lets ordinary lines through", async () => {
  const logger = checkedLogger();
  const before = logLeaks.length;
  registerSecret("a-principals-token-5f1e");
  logger.info({ accountId: "111111111111", state: "available" }, "account 111111111111 is available");
  logger.info({ msg2: "ask for fewer lists or smaller pages" }, "select a smaller page");
  await flushed();
  expect(logLeaks.length).toBe(before);
  logger.warn({ header: "Bearer abcdefgh12345678" }, "x");
  logger.warn({ credentials: { accessKeyId: "ASIAABCDEFGHIJKLMNOP" } }, "x");
  logger.warn({ creds: { secretAccessKey: "s3cr3t" } }, "x");
  logger.debug({ sql: "SELECT COUNT(*) FROM exposures" }, "x");
  logger.info({ key: "a-principals-token-5f1e" }, "x");
  logger.info({ token: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl" }, "x");
  await flushed();
  const found = logLeaks.splice(before).map((l) => l.found);
  expect(found).toHaveLength(6);
  expect(found).toContain("a principal's token");
});

it("checks a log a test captures to read, and a process's output, line by line", async () => {
  const before = logLeaks.length;
  const { logger, lines } = captureLog("debug");
  logger.warn({ creds: { secretAccessKey: "s3cr3t" } }, "x");
  await flushed();
  expect(lines).toHaveLength(1); // the test still reads it
  check(`{"msg":"serving"}\n{"header":"Bearer abcdefgh12345678"}\nnot JSON: AKIAABCDEFGHIJKLMNOP\n`);
  expect(logLeaks.splice(before).map((l) => l.line)).toEqual([
    expect.stringContaining("s3cr3t"),
    '{"header":"Bearer abcdefgh12345678"}',
    "not JSON: AKIAABCDEFGHIJKLMNOP",
  ]);
});

it("checks a test gateway's unexpected errors: by default they are logged through the checked logger", async () => {
  const secret = "a-token-inside-an-error-9c2e";
  registerSecret(secret);
  const leaky: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async executionDidStart() {
          return {
            willResolveField({ info }) {
              if (info.parentType.name === "Account" && info.fieldName === "alias") throw new Error(`boom: ${secret}`);
            },
          };
        },
      };
    },
  };
  const g = await startTestGateway({ plugins: [leaky] });
  try {
    const before = logLeaks.length;
    const res = await g.gql("{ accounts { accountId alias } }");
    expect(res.errors?.[0].extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    await flushed();
    const found = logLeaks.splice(before);
    expect(found.length).toBeGreaterThan(0);
    // The lines are the request's masked errors, logged under the id the caller was given.
    const correlationId = res.errors![0].extensions!.correlationId as string;
    expect(found.filter((l) => l.found !== "a principal's token" || !l.line.includes(`"correlationId":"${correlationId}"`))).toEqual([]);
  } finally {
    await g.close();
  }
});
