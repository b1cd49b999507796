/**
 * Account ids in the configuration file, and the reading of a file that did
 * not parse.
 *
 * YAML reads an unquoted `accountId: 111111111111` as a number, and zod's
 * "expected string, received number" does not say what to do about it: the
 * schemas here say how to write it. Leading zeros are lost in that reading
 * (`012345678901` becomes 12345678901); padding back to 12 digits restores
 * them, so the hint shows what the operator wrote.
 *
 * The cross-field checks (grants naming configured accounts, duplicates)
 * run even when other fields are wrong, so that one start reports every
 * mistake: they read the half-parsed value through `field` and `items`,
 * which never throw, and judge only ids that are well formed.
 */
import { z } from "zod";

const ACCOUNT_ID = /^\d{12}$/;

/** The digits an unquoted id stood for, or its text; `undefined` for anything that is not an id at all. */
export function accountIdText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value).padStart(12, "0");
  return undefined;
}

/** zod's message for a non-string, with how to quote it when YAML made the id a number. `written` shows the field. */
const quoteHint =
  (written: (id: string) => string) =>
  (issue: { input?: unknown }): string | undefined => {
    if (typeof issue.input !== "number") return undefined; // zod's own message
    const id = accountIdText(issue.input) ?? String(issue.input);
    return `Invalid input: expected string, received number; quote it: ${written(id)}`;
  };

export const isWellFormedAccountId = (id: string | undefined): id is string => id !== undefined && ACCOUNT_ID.test(id);

/** `accounts[].accountId`. */
export const accountIdSchema = z
  .string({ error: quoteHint((id) => `accountId: "${id}"`) })
  .regex(ACCOUNT_ID, "must be a 12-digit AWS account id");

/** An account named by a grant: an id, or `any` ("*", every federated account). */
export const accountRefSchema = (any: string) =>
  z
    .string({ error: quoteHint((id) => `accounts: ["${id}"]`) })
    .refine((s) => s === any || ACCOUNT_ID.test(s), `must be a 12-digit AWS account id or "${any}"`);

/** `value[key]` when value is an object; never throws. */
export const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** `value` when it is an array, else nothing. */
export const items = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Runs a refinement on whatever parsed, even when other fields failed (zod skips it by default). */
export const EVEN_WITH_OTHER_ISSUES = { when: () => true } as const;
