/** Each test file ends by checking that no log line its gateways wrote held a secret (log-leaks.ts). */
import { afterAll, expect } from "vitest";
import { logLeaks } from "./log-leaks";

afterAll(() => {
  expect(logLeaks, "log lines that hold a token, a credential or SQL text").toEqual([]);
});
