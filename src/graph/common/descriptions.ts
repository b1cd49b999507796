/** Descriptions that several fields and arguments of the schema share, in one wording. */

/** A connection field's `first` argument (see connection.ts pageSize). */
export const FIRST = "How many items to return: 1–100; default 100.";

/** A connection field's `after` argument. */
export const AFTER =
  "Return the items after this cursor: an edge's `cursor` or `pageInfo.endCursor` from this same list. Left out: from the start of the list.";

/** A 12-digit AWS account id, as a field of a type. */
export const accountIdOf = (whose: string): string => `The AWS account id of ${whose} (12 digits).`;

/** A run's `status` filter on a membership's list of runs. */
export const statusFilter = (items: string): string => `Only ${items} with this status. Left out: every status.`;

/** The form of an analysis template ARN given to start a run. */
export const TEMPLATE_ARN_FORMAT = "arn:aws:cleanrooms:REGION:ACCOUNT:membership/MEMBERSHIP_ID/analysistemplate/TEMPLATE_ID, at most 200 characters";

/** Parameter values given to start a run. */
export const PARAMETERS_INPUT =
  "Values for the analysis template's parameters: names of 1–100 letters, digits and _, each once; values of at most 1,000 characters.";

/** A start's idempotency key (the contract's sentence first). */
export const IDEMPOTENCY_KEY =
  "A retry that repeats this key starts nothing new and returns the first result. 1–255 visible ASCII characters (e.g. a UUID per user action), remembered for 24 hours by default; the same key with another input is a CONFLICT.";
