/**
 * The example operations GraphiQL opens as tabs, ready to run against the
 * demo world (src/emulator/scenarios/demo.json). They are the files of
 * schema/operations/ — the same documents codegen types and the tests run —
 * with variables that name demo resources (outside demo mode: templates).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Kind, parse } from "graphql";
import { packageRoot } from "../../package-root";

export interface Preset {
  /** The operation document; its operation name becomes the tab's title. */
  query: string;
  /** Variables as JSON text, shown in the variables editor. */
  variables?: string;
}

/**
 * Demo ids the presets use (demo.json). Change requests: "Publisher audience insights", whose creator (the
 * publisher) and only other voter (the advertiser) are both federated, so a request goes create -> vote ->
 * commit through the gateway alone. Runs: "Retail media measurement".
 */
const demo = {
  audienceInsights: "aaaaaaaa-0002-4000-8000-000000000002",
  /** PENDING: the publisher (creator) approved; the advertiser still has to vote. Adds the publisher as a job compute payer candidate. */
  changeRequestId: "cccccccc-0002-4000-8000-000000000005",
  /** The advertiser's membership in "Retail media measurement": it can query; the advertiser and the publisher are payer candidates. */
  membershipId: "bbbbbbbb-0001-4000-8000-000000000001",
  advertiser: "111111111111",
  publisher: "333333333333",
  /** A query that is still STARTED, so its status subscription has events to come. */
  runningQueryId: "dddddddd-0001-4000-8000-000000000002",
} as const;

/** Variables per operation name; operations without an entry open with none. */
const VARIABLES: Record<string, unknown> = {
  CreateChangeRequest: {
    input: {
      collaborationId: demo.audienceInsights,
      changes: [
        {
          specificationType: "MEMBER",
          member: {
            accountId: demo.advertiser,
            memberAbilities: ["CAN_RECEIVE_RESULTS"],
            paymentConfiguration: { queryCompute: { isResponsible: true }, jobCompute: { isResponsible: true } },
          },
        },
      ],
    },
  },
  ApproveChangeRequest: { collaborationId: demo.audienceInsights, changeRequestId: demo.changeRequestId, asAccountId: demo.advertiser },
  CommitChangeRequest: { collaborationId: demo.audienceInsights, changeRequestId: demo.changeRequestId },
  StartQueryWithPayer: {
    input: {
      membershipId: demo.membershipId,
      sqlParameters: { queryString: "SELECT campaign_id, COUNT(DISTINCT user_id) AS reach FROM exposures GROUP BY campaign_id" },
      output: { member: { accountId: demo.advertiser } },
      payerAccountId: demo.publisher,
    },
  },
  QueryStatus: { membershipId: demo.membershipId, id: demo.runningQueryId },
};

/** The order of the tabs; other operations in the folder follow in file-name order. */
const FIRST = ["Dashboard", "CreateChangeRequest", "ApproveChangeRequest", "CommitChangeRequest", "StartQueryWithPayer", "QueryStatus"];

export const OPERATIONS_DIR = join(packageRoot(), "schema", "operations");

function loadPresets(): Preset[] {
  const presets = readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith(".graphql"))
    .sort()
    .map((f) => {
      const query = readFileSync(join(OPERATIONS_DIR, f), "utf8");
      const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      const name = operation?.kind === Kind.OPERATION_DEFINITION && operation.name ? operation.name.value : f;
      return { name, query };
    });
  const rank = (name: string) => (FIRST.includes(name) ? FIRST.indexOf(name) : FIRST.length);
  return presets
    .sort((a, b) => rank(a.name) - rank(b.name))
    .map(({ name, query }) => (VARIABLES[name] ? { query, variables: JSON.stringify(VARIABLES[name], null, 2) } : { query }));
}

export const PRESETS: readonly Preset[] = loadPresets();
