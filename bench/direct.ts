/**
 * The dashboard fetched without the gateway: the same SDK clients (one
 * CleanRoomsClient per account and region, credentials from STS AssumeRole
 * as the scenario's gateway user, assumed once per account and shared by its
 * regions' clients, the gateway's model overlay so that payer fields survive
 * the SDK's serde), every read issued the moment what it depends on is known
 * (every region of every account at once), nothing read twice. What the
 * gateway's answer is compared with, and what its time is divided by.
 *
 * Clean Rooms is regional: each account's memberships and collaborations are
 * listed in every region of the scenario; a membership's runs in its
 * region; a collaboration's members and requests in its region, through the
 * first account (configuration order) that listed it. An account's
 * memberships are merged newest first across its regions (ties by id), as
 * the gateway pages them; collaborations are merged newest first across
 * accounts and regions.
 */
import "../src/aws/sdk-overlay";
import {
  CleanRoomsClient,
  ListCollaborationChangeRequestsCommand,
  ListCollaborationsCommand,
  ListMembershipsCommand,
  ListMembersCommand,
  ListProtectedJobsCommand,
  ListProtectedQueriesCommand,
  type CollaborationSummary,
  type MemberSummary,
  type MembershipSummary,
} from "@aws-sdk/client-cleanrooms";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { FULL_PAGE, RECENT_RUNS, SHOWN } from "./lower-bound";

export interface ScenarioView {
  /** The scenario's own region (the first of `regions`). */
  region: string;
  /** Every region the emulator serves (GET /_emulator/scenario): each federated account is read in all of them. */
  regions: string[];
  gateway: { accessKeyId: string; secretAccessKey: string };
  accounts: { accountId: string; alias: string; federated: boolean; roleArn: string; externalId?: string }[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

async function everyPage<T>(page: (nextToken?: string) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const p = await page(token);
    all.push(...p.items);
    token = p.nextToken;
  } while (token);
  return all;
}

/** Memoised per key within one dashboard: each distinct read once, as the gateway's loaders promise. */
function once<T>(): (key: string, load: () => Promise<T>) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (key, load) => {
    let p = seen.get(key);
    if (!p) seen.set(key, (p = load()));
    return p;
  };
}

export class DirectDashboard {
  /** One client per account and region (`<accountId>/<region>`), as the gateway's pool has. */
  private readonly clients = new Map<string, CleanRoomsClient>();
  private readonly federated: ScenarioView["accounts"];
  private readonly regions: string[];

  constructor(
    private readonly url: string,
    private readonly scenario: ScenarioView,
  ) {
    this.federated = scenario.accounts.filter((a) => a.federated);
    this.regions = scenario.regions?.length ? scenario.regions : [scenario.region];
  }

  /** AssumeRole once for every federated account (as the gateway's warm-up does), outside the timed part; its regions share the credentials. */
  async connect(): Promise<void> {
    const sts = new STSClient({ endpoint: this.url, region: this.scenario.region, credentials: this.scenario.gateway, maxAttempts: 1 });
    await Promise.all(
      this.federated.map(async (a) => {
        const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: a.roleArn, RoleSessionName: "bench-direct", ExternalId: a.externalId }));
        const credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
        for (const region of this.regions) {
          this.clients.set(
            `${a.accountId}/${region}`,
            new CleanRoomsClient({
              endpoint: this.url,
              region,
              credentials,
              // The SDK's standard retry, as the gateway retries reads: an idle keep-alive socket the emulator closed
              // while a request was leaving on it (ECONNRESET, never reached the emulator) is sent again.
              maxAttempts: 3,
            }),
          );
        }
      }),
    );
    sts.destroy();
  }

  close(): void {
    for (const c of this.clients.values()) c.destroy();
  }

  /** The account's client in a region (the scenario's own region when left out). */
  client(accountId: string, region: string = this.scenario.region): CleanRoomsClient {
    return this.clients.get(`${accountId}/${region}`)!;
  }

  /** The dashboard's data, in the shape of its GraphQL answer (opaque node ids left out). */
  async dashboard(): Promise<Json> {
    const members = once<MemberSummary[]>();
    const membersOf = (collaborationId: string, reader: string, region: string) =>
      members(collaborationId, () =>
        everyPage(async (nextToken) => {
          const out = await this.client(reader, region).send(new ListMembersCommand({ collaborationIdentifier: collaborationId, maxResults: FULL_PAGE, nextToken }));
          return { items: out.memberSummaries ?? [], nextToken: out.nextToken };
        }),
      );
    const federatedIds = new Set(this.federated.map((a) => a.accountId));
    const member = (list: MemberSummary[], accountId: string | undefined) => list.find((m) => m.accountId === accountId);

    // Level 1, every account in every region at once: its memberships (first page, as shown) and all its collaborations.
    const accountsPart = Promise.all(
      this.federated.map(async (a) => {
        const perRegion = await Promise.all(
          this.regions.map(async (region) => {
            const page = await this.client(a.accountId, region).send(new ListMembershipsCommand({ maxResults: SHOWN }));
            return (page.membershipSummaries ?? []).map((m) => ({ m, region }));
          }),
        );
        // The first page across regions, merged newest first (ties by id), as the gateway pages an account's regions.
        const memberships: { m: MembershipSummary; region: string }[] = perRegion
          .flat()
          .sort((x, y) => y.m.createTime!.getTime() - x.m.createTime!.getTime() || (x.m.id! < y.m.id! ? -1 : x.m.id! > y.m.id! ? 1 : 0))
          .slice(0, SHOWN);
        // Level 2: each membership's latest runs (in its region), and its collaboration's members for payers and receivers.
        const nodes = await Promise.all(
          memberships.map(async ({ m, region }) => {
            const [queries, jobs] = await Promise.all([
              this.client(a.accountId, region).send(new ListProtectedQueriesCommand({ membershipIdentifier: m.id!, maxResults: RECENT_RUNS })),
              this.client(a.accountId, region).send(new ListProtectedJobsCommand({ membershipIdentifier: m.id!, maxResults: RECENT_RUNS })),
            ]);
            const runs = [...(queries.protectedQueries ?? []), ...(jobs.protectedJobs ?? [])];
            const list = runs.length > 0 ? await membersOf(m.collaborationId!, a.accountId, region) : [];
            const who = (id: string | undefined): Json => {
              const x = member(list, id);
              return x ? { accountId: x.accountId!, displayName: x.displayName! } : null;
            };
            type Summary = { id?: string; status?: string; createTime?: Date; receiverConfigurations?: { configurationDetails?: { directAnalysisConfigurationDetails?: { receiverAccountIds?: string[] } } }[] };
            const run = (r: Summary, payer: string | undefined): Json => ({
              id: r.id!,
              status: r.status!,
              createTime: r.createTime!.toISOString(),
              payer: who(payer),
              receivers: (r.receiverConfigurations ?? [])
                .flatMap((c) => c.configurationDetails?.directAnalysisConfigurationDetails?.receiverAccountIds ?? [])
                .map(who)
                .filter((x) => x !== null),
            });
            return {
              id: m.id!,
              status: m.status!,
              memberAbilities: m.memberAbilities ?? [],
              collaboration: { id: m.collaborationId!, name: m.collaborationName! },
              protectedQueries: { nodes: (queries.protectedQueries ?? []).map((q) => run(q, (q as { queryComputePayerAccountId?: string }).queryComputePayerAccountId)) },
              protectedJobs: { nodes: (jobs.protectedJobs ?? []).map((j) => run(j, (j as { jobComputePayerAccountId?: string }).jobComputePayerAccountId)) },
            };
          }),
        );
        return { accountId: a.accountId, alias: a.alias, status: "AVAILABLE", memberships: { nodes } };
      }),
    );

    const collaborationsPart = (async () => {
      // Every page of every place (account and region) at once; in configuration order, then region order.
      const perPlace = await Promise.all(
        this.federated.flatMap((a) =>
          this.regions.map(async (region) => ({
            accountId: a.accountId,
            region,
            list: await everyPage(async (nextToken) => {
              const out = await this.client(a.accountId, region).send(new ListCollaborationsCommand({ maxResults: FULL_PAGE, nextToken }));
              return { items: out.collaborationList ?? [], nextToken: out.nextToken };
            }),
          })),
        ),
      );
      // A collaboration lives in one region; its reader is the first account that listed it there.
      const byId = new Map<string, { summary: CollaborationSummary; reader: string; region: string }>();
      for (const { accountId, region, list } of perPlace) for (const c of list) if (!byId.has(c.id!)) byId.set(c.id!, { summary: c, reader: accountId, region });
      const shown = [...byId.values()]
        .sort((x, y) => y.summary.createTime!.getTime() - x.summary.createTime!.getTime() || x.summary.id!.localeCompare(y.summary.id!))
        .slice(0, SHOWN);
      // Level 2: each collaboration's members and pending requests.
      return Promise.all(
        shown.map(async ({ summary: c, reader, region }) => {
          const [list, requests] = await Promise.all([
            membersOf(c.id!, reader, region),
            this.client(reader, region).send(new ListCollaborationChangeRequestsCommand({ collaborationIdentifier: c.id!, status: "PENDING", maxResults: FULL_PAGE })),
          ]);
          const active = list.filter((m) => m.status === "ACTIVE");
          const candidates = active.filter((m) => m.paymentConfiguration?.queryCompute?.isResponsible === true);
          const queriers = active.filter((m) => (m.abilities ?? []).includes("CAN_QUERY"));
          const defaultPayer = candidates.length === 1 ? candidates[0] : candidates.length === 0 && queriers.length === 1 ? queriers[0] : undefined;
          return {
            id: c.id!,
            name: c.name!,
            analyticsEngine: c.analyticsEngine ?? null,
            creatorDisplayName: c.creatorDisplayName!,
            createTime: c.createTime!.toISOString(),
            members: list.map((m) => ({
              accountId: m.accountId!,
              displayName: m.displayName!,
              status: m.status!,
              abilities: m.abilities ?? [],
              isFederated: federatedIds.has(m.accountId!),
            })),
            payerCandidates: candidates.map((m) => ({ accountId: m.accountId! })),
            defaultPayer: defaultPayer ? { accountId: defaultPayer.accountId! } : null,
            changeRequests: {
              nodes: (requests.collaborationChangeRequestSummaries ?? []).map((r) => ({
                id: r.id!,
                status: r.status!,
                changes: (r.changes ?? []).map((ch) => {
                  const target = ch.specification && "member" in ch.specification ? ch.specification.member?.accountId : undefined;
                  const m = member(list, target);
                  return { types: ch.types ?? [], member: target ? { accountId: target, member: m ? { displayName: m.displayName! } : null } : null };
                }),
                approvals: Object.entries(r.approvals ?? {})
                  .sort(([x], [y]) => x.localeCompare(y))
                  .map(([accountId, v]) => {
                    const m = member(list, accountId);
                    return { accountId, status: v.status!, member: m ? { displayName: m.displayName!, isFederated: federatedIds.has(accountId) } : null };
                  }),
              })),
            },
          };
        }),
      );
    })();

    const [accounts, collaborations] = await Promise.all([accountsPart, collaborationsPart]);
    return { accounts, collaborations: { nodes: collaborations } } as unknown as Json;
  }
}

/** The gateway's answer without opaque ids (those of accounts, members, votes, changes): AWS ids stay. */
export function withoutOpaqueIds(value: unknown): Json {
  if (Array.isArray(value)) return value.map(withoutOpaqueIds);
  if (value === null || typeof value !== "object") return value as Json;
  const aws = (v: unknown) => typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => k !== "id" || aws(v)).map(([k, v]) => [k, withoutOpaqueIds(v)]));
}

/** The first place two answers differ ("" when equal); lists in the same order, as both read AWS's order. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return "";
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return "";
  }
  return a === b ? "" : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}
