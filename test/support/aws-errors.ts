/** Test support: the AWS error a refused SDK call rejects with. */
import { expect } from "vitest";

export interface AwsErrorShape {
  name: string;
  message: string;
  reason?: string;
  fieldList?: { name: string; message: string }[];
  resourceId?: string;
  resourceType?: string;
  $metadata: { httpStatusCode?: number };
}

/** Awaits a call that must fail, and returns the error it failed with. */
export async function refusal(call: Promise<unknown>): Promise<AwsErrorShape> {
  const outcome = await call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  expect(outcome.ok, `expected the call to be refused, got ${JSON.stringify(outcome.ok && outcome.value)}`).toBe(false);
  return (outcome as { error: AwsErrorShape }).error;
}
