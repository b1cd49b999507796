/** The log checker every test gateway writes through (test/support/log-leaks.ts) finds what it must, and only that. */
import { expect, it } from "vitest";
import { checkedLogger, logLeaks, registerSecret } from "../support/log-leaks";

it("flags tokens, access keys, secret keys and SQL text; lets ordinary lines through", async () => {
  const logger = checkedLogger();
  const before = logLeaks.length;
  registerSecret("a-principals-token-5f1e");
  logger.info({ accountId: "111111111111", state: "available" }, "account 111111111111 is available");
  logger.info({ msg2: "ask for fewer lists or smaller pages" }, "select a smaller page");
  await new Promise<void>((resolve) => setImmediate(resolve)); // pino writes synchronously to a stream; let the Writable run
  expect(logLeaks.length).toBe(before);
  logger.warn({ header: "Bearer abcdefgh12345678" }, "x");
  logger.warn({ credentials: { accessKeyId: "ASIAABCDEFGHIJKLMNOP" } }, "x");
  logger.warn({ creds: { secretAccessKey: "s3cr3t" } }, "x");
  logger.debug({ sql: "SELECT COUNT(*) FROM exposures" }, "x");
  logger.info({ key: "a-principals-token-5f1e" }, "x");
  logger.info({ token: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl" }, "x");
  await new Promise<void>((resolve) => setImmediate(resolve));
  const found = logLeaks.splice(before).map((l) => l.found);
  expect(found).toHaveLength(6);
  expect(found).toContain("a principal's token");
});
