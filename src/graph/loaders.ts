/**
 * Per-request DataLoaders: within one GraphQL operation each distinct AWS
 * read is made at most once, and independent reads run in parallel (AWS has
 * no batch reads here, so a batch is its keys in parallel). Created for each
 * request and dropped with it: nothing is shared across requests or callers,
 * except finished runs' statistics (run-statistics.cache.ts), which never
 * change and are looked up only for runs the request itself listed.
 *
 * Each read goes through the account the router names (federation/
 * account-router.ts), in the region the resource lives in, and each list
 * tells the router what it saw and where. An account's own lists
 * (memberships, collaborations) read every region the caller may read it in,
 * merged newest first.
 */
import DataLoader from "dataloader";
import type {
  At,
  AwsChangeRequest,
  AwsChangeRequestSummary,
  AwsCollaboration,
  AwsCollaborationSummary,
  AwsMemberSummary,
  AwsMembership,
  AwsMembershipSummary,
  AwsProtectedJob,
  AwsProtectedJobSummary,
  AwsProtectedQuery,
  AwsProtectedQuerySummary,
  CleanRoomsApi,
} from "../aws/cleanrooms-api";
import { AccountDown, AccountHealth } from "../federation/account-health";
import { AccountRouter, NotVisible, type Place } from "../federation/account-router";
import { FINISHED } from "../federation/spend";
import type { ChangeRequestStatus, MembershipStatus, ProtectedJobStatus, ProtectedQueryStatus } from "./common/enums";
import type { RunKind, RunStatistics, RunStatisticsCache } from "./run-statistics.cache";

export interface PageResult<T> {
  items: T[];
  nextToken?: string;
}

/** AWS's largest page: what the gateway asks for when it needs a whole list. */
export const FULL_PAGE = 100;

const key = (parts: Record<string, unknown>): string => JSON.stringify(parts);

/** Loads answered from an operation's own reads (hits) and loads that read (misses), since start: the metrics read them. */
export const loaderStats = { hits: 0, misses: 0 };

/** DataLoader's cache, counting: DataLoader looks every key up here first. */
class CountingCache<V> extends Map<string, Promise<V>> {
  override get(k: string): Promise<V> | undefined {
    const v = super.get(k);
    if (v === undefined) loaderStats.misses++;
    else loaderStats.hits++;
    return v;
  }
}

function loader<K, V>(load: (key: K) => Promise<V>): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>((keys) => Promise.all(keys.map((k) => load(k).catch((e: unknown) => e as Error))), {
    cacheKeyFn: (k) => key(k as Record<string, unknown>),
    cacheMap: new CountingCache<V>(),
  });
}

/** One request's reads: which accounts failed, the routes fetched data gave, and the loaders that fetch through them. */
export interface RequestReads {
  health: AccountHealth;
  router: AccountRouter;
  loaders: Loaders;
}

/**
 * Fresh reads for one request (or one subscription event) of a caller whose federated accounts are `accountIds`, each
 * read in the regions `regionsOf` names (the caller's readable regions of it; its home region when left out).
 */
export function requestReads(
  api: CleanRoomsApi,
  accountIds: readonly string[],
  regionsOf?: (accountId: string) => readonly (string | undefined)[],
  /** The process's finished runs' statistics (app.ts); none: every statistic is read afresh. */
  statistics?: RunStatisticsCache,
): RequestReads {
  const health = new AccountHealth();
  const router: AccountRouter = new AccountRouter(
    accountIds,
    health,
    {
      collaborations: (accountId) => loaders.allCollaborations(accountId),
      memberships: (accountId) => loaders.allMemberships(accountId),
      collaboration: (collaborationId) => loaders.collaboration.load(collaborationId),
    },
    regionsOf,
  );
  const loaders: Loaders = new Loaders(api, health, router, statistics);
  return { health, router, loaders };
}

export class Loaders {
  constructor(
    private readonly api: CleanRoomsApi,
    private readonly health: AccountHealth,
    /** Whose account each read goes through; told what every list saw. */
    private readonly router: AccountRouter,
    private readonly statistics?: RunStatisticsCache,
  ) {}

  // ---- lists that page in AWS ------------------------------------------------

  /** An account's memberships, a page across its regions (regionPage). */
  readonly membershipPage = loader(async (k: { accountId: string; status?: MembershipStatus; maxResults: number; nextToken?: string }) =>
    regionPage<AwsMembershipSummary>(this.router.regionsOf(k.accountId), k.maxResults, k.nextToken, async (region, maxResults, nextToken) => {
      const out = await this.health.read({ accountId: k.accountId, region }, () => this.api.listMemberships(at(k.accountId, region), k.status, { maxResults, nextToken }));
      const items: AwsMembershipSummary[] = out.membershipSummaries ?? [];
      this.router.learnMemberships(k.accountId, items, region);
      return { items, nextToken: out.nextToken };
    }),
  );

  /** An account's collaborations, a page across its regions (regionPage). */
  readonly collaborationPage = loader(async (k: { accountId: string; maxResults: number; nextToken?: string }) =>
    regionPage<AwsCollaborationSummary>(this.router.regionsOf(k.accountId), k.maxResults, k.nextToken, async (region, maxResults, nextToken) => {
      const out = await this.health.read({ accountId: k.accountId, region }, () => this.api.listCollaborations(at(k.accountId, region), { maxResults, nextToken }));
      const items: AwsCollaborationSummary[] = out.collaborationList ?? [];
      this.router.learnCollaborations(k.accountId, items, region);
      return { items, nextToken: out.nextToken };
    }),
  );

  /**
   * A read of a collaboration through a reader account; when that account fails (AccountHealth marks it down for the
   * request), the read is made again through the next account already known to see the collaboration, so one
   * member's outage costs the others' answer nothing (its error stays in the response). No list is read to find
   * another reader: without one known, the first failure is the answer.
   */
  private async viaReaders<T>(collaborationId: string, read: (reader: Place) => Promise<T>): Promise<T> {
    let reader: Place | undefined = await this.router.requireReaderAt(collaborationId);
    for (;;) {
      try {
        return await read(reader);
      } catch (e) {
        if (!(e instanceof AccountDown)) throw e;
        reader = this.router.knownReaderAt(collaborationId);
        if (!reader) throw e;
      }
    }
  }

  readonly changeRequestPage = loader(async (k: { collaborationId: string; status?: ChangeRequestStatus; maxResults: number; nextToken?: string }) => {
    const list = (reader: Place) =>
      this.health.read(reader, () => this.api.listChangeRequests(reader, k.collaborationId, k.status, { maxResults: k.maxResults, nextToken: k.nextToken }));
    // A next page's token came from the account that read the first: only a first page moves to another reader.
    const out = k.nextToken ? await list(await this.router.requireReaderAt(k.collaborationId)) : await this.viaReaders(k.collaborationId, list);
    return { items: out.collaborationChangeRequestSummaries ?? [], nextToken: out.nextToken } as PageResult<AwsChangeRequestSummary>;
  });

  readonly queryPage = loader(async (k: { membershipId: string; status?: ProtectedQueryStatus; maxResults: number; nextToken?: string }) => {
    const holder = await this.router.requireHolderAt(k.membershipId);
    const out = await this.health.read(holder, () =>
      this.api.listProtectedQueries(holder, k.membershipId, k.status, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    return { items: out.protectedQueries ?? [], nextToken: out.nextToken } as PageResult<AwsProtectedQuerySummary>;
  });

  readonly jobPage = loader(async (k: { membershipId: string; status?: ProtectedJobStatus; maxResults: number; nextToken?: string }) => {
    const holder = await this.router.requireHolderAt(k.membershipId);
    const out = await this.health.read(holder, () =>
      this.api.listProtectedJobs(holder, k.membershipId, k.status, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    return { items: out.protectedJobs ?? [], nextToken: out.nextToken } as PageResult<AwsProtectedJobSummary>;
  });

  // ---- whole lists (every page, through the page loaders so pages are shared) --

  allMemberships(accountId: string): Promise<AwsMembershipSummary[]> {
    return everyPage((nextToken) => this.membershipPage.load({ accountId, maxResults: FULL_PAGE, nextToken }));
  }

  allCollaborations(accountId: string): Promise<AwsCollaborationSummary[]> {
    return everyPage((nextToken) => this.collaborationPage.load({ accountId, maxResults: FULL_PAGE, nextToken }));
  }

  /** A collaboration's change requests of one status, every page (the pages a `changeRequests(status)` field of the same size reads are shared). */
  allChangeRequests(collaborationId: string, status: ChangeRequestStatus): Promise<AwsChangeRequestSummary[]> {
    return everyPage((nextToken) => this.changeRequestPage.load({ collaborationId, status, maxResults: FULL_PAGE, nextToken }));
  }

  /** A membership's protected queries, newest first, read page by page (optionally of one status; the first page of `firstPage` runs, so that a connection asking as many shares it) until `enough` says the rest is not needed. */
  queriesUntil(membershipId: string, status: ProtectedQueryStatus | undefined, firstPage: number, enough: (page: AwsProtectedQuerySummary[]) => boolean): Promise<PartialList<AwsProtectedQuerySummary>> {
    return pagesUntil((nextToken) => this.queryPage.load({ membershipId, status, maxResults: nextToken ? FULL_PAGE : firstPage, nextToken }), enough);
  }

  /** A membership's protected jobs, newest first, read page by page (optionally of one status; the first page of `firstPage` runs, so that a connection asking as many shares it) until `enough` says the rest is not needed. */
  jobsUntil(membershipId: string, status: ProtectedJobStatus | undefined, firstPage: number, enough: (page: AwsProtectedJobSummary[]) => boolean): Promise<PartialList<AwsProtectedJobSummary>> {
    return pagesUntil((nextToken) => this.jobPage.load({ membershipId, status, maxResults: nextToken ? FULL_PAGE : firstPage, nextToken }), enough);
  }

  readonly members = loader(async (collaborationId: string) => {
    const members = await this.viaReaders(collaborationId, (reader) =>
      everyPage(async (nextToken) => {
        const out = await this.health.read(reader, () => this.api.listMembers(reader, collaborationId, { maxResults: FULL_PAGE, nextToken }));
        return { items: out.memberSummaries ?? [], nextToken: out.nextToken } as PageResult<AwsMemberSummary>;
      }),
    );
    this.router.learnMembers(collaborationId, members);
    return members;
  });

  // ---- single resources ------------------------------------------------------

  readonly collaboration = loader(async (collaborationId: string): Promise<AwsCollaboration> => {
    const out = await this.viaReaders(collaborationId, (reader) => this.health.read(reader, () => this.api.getCollaboration(reader, collaborationId)));
    return out.collaboration!;
  });

  readonly membership = loader(async (membershipId: string): Promise<AwsMembership> => {
    const holder = await this.router.requireHolderAt(membershipId);
    const out = await this.health.read(holder, () => this.api.getMembership(holder, membershipId));
    return out.membership!;
  });

  readonly changeRequest = loader(async (k: { collaborationId: string; id: string }): Promise<AwsChangeRequest> => {
    requireAwsId(k.id);
    const out = await this.viaReaders(k.collaborationId, (reader) => this.health.read(reader, () => this.api.getChangeRequest(reader, k.collaborationId, k.id)));
    return out.collaborationChangeRequest!;
  });

  readonly protectedQuery = loader(async (k: { membershipId: string; id: string }): Promise<AwsProtectedQuery> => {
    requireAwsId(k.id);
    const holder = await this.router.requireHolderAt(k.membershipId);
    const out = await this.health.read(holder, () => this.api.getProtectedQuery(holder, k.membershipId, k.id));
    return out.protectedQuery!;
  });

  readonly protectedJob = loader(async (k: { membershipId: string; id: string }): Promise<AwsProtectedJob> => {
    requireAwsId(k.id);
    const holder = await this.router.requireHolderAt(k.membershipId);
    const out = await this.health.read(holder, () => this.api.getProtectedJob(holder, k.membershipId, k.id));
    return out.protectedJob!;
  });

  // ---- finished runs' statistics (process-wide cache) --------------------------

  /**
   * The statistics of a run this request has listed (pass only those: the cache holds no access decision, the
   * caller's List is what showed the run). A cached run costs no call; otherwise the run's Get, kept once the run
   * has ended (its statistics never change then). A Get that fails is not kept, so the next request asks again.
   */
  async listedRunStatistics(kind: RunKind, membershipId: string, id: string): Promise<RunStatistics> {
    const cached = this.statistics?.get(membershipId, kind, id);
    if (cached) return cached;
    const full: { status?: string; statistics?: { billedResourceUtilization?: { units?: number } } } =
      kind === "query" ? await this.protectedQuery.load({ membershipId, id }) : await this.protectedJob.load({ membershipId, id });
    const statistics: RunStatistics = { units: full.statistics?.billedResourceUtilization?.units };
    if (FINISHED.has(full.status ?? "")) this.statistics?.set(membershipId, kind, id, statistics);
    return statistics;
  }
}

/** An account in a region (undefined: its home region). */
const at = (accountId: string, region: string | undefined): At => (region === undefined ? accountId : { accountId, region });

/** Where one region's part of a merged list stands: the AWS page being served (its token and size), and how many of its items were served. */
type RegionCursor = { t?: string; s: number; m: number } | null;

/** AWS's page sizes: 1-100. */
const pageSize = (n: number): number => Math.min(FULL_PAGE, Math.max(1, n));

/** Newest first, ties by id: how every merged list of the graph is ordered (as AWS orders one region's list). */
function newestFirst(a: { id?: string; createTime?: Date }, b: { id?: string; createTime?: Date }): number {
  const time = (x: { createTime?: Date }) => (x.createTime ? new Date(x.createTime).getTime() : 0);
  const [ia, ib] = [a.id ?? "", b.id ?? ""];
  return time(b) - time(a) || (ia < ib ? -1 : ia > ib ? 1 : 0);
}

const MERGED = "regions~";

function encodeCursors(cursors: readonly RegionCursor[]): string {
  return MERGED + Buffer.from(JSON.stringify(cursors.map((c) => (c === null ? 0 : [c.t ?? null, c.s, c.m])))).toString("base64url");
}

/** The cursors a merged token holds, one per region of the list; undefined for a token that is not one. */
function decodeCursors(token: string, regions: number): RegionCursor[] | undefined {
  if (!token.startsWith(MERGED)) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(token.slice(MERGED.length), "base64url").toString("utf8")) as unknown;
    if (!Array.isArray(raw) || raw.length !== regions) return undefined;
    return raw.map((c): RegionCursor => {
      if (c === 0) return null;
      const [t, s, m] = c as [unknown, unknown, unknown];
      if (!(t === null || typeof t === "string") || !Number.isInteger(s) || !Number.isInteger(m) || (s as number) < 0) throw new Error("not a cursor");
      return { t: t ?? undefined, s: s as number, m: pageSize(m as number) };
    });
  } catch {
    return undefined;
  }
}

/**
 * One page of an account's list across the regions it is read in, merged newest first (ties by id), as one list of
 * the account would be: each region is read in pages of `maxResults` (AWS lists each region newest first) and the
 * page takes the newest of their heads, reading a region's next page only when its items run out before the page is
 * full. So a page of `maxResults` costs one call per region while each region's items fit in one AWS page. With one
 * region the token is AWS's own; with several it is the gateway's (each region's AWS token and position in its page);
 * a token that is neither goes to the first region as it is, for AWS to refuse. A region that is down in this
 * request (AccountHealth) is passed over: the page holds the other regions' items, and fails only when none of its
 * regions answered.
 */
export async function regionPage<T extends { id?: string; createTime?: Date }>(
  regions: readonly (string | undefined)[],
  maxResults: number,
  token: string | undefined,
  read: (region: string | undefined, maxResults: number, nextToken: string | undefined) => Promise<PageResult<T>>,
): Promise<PageResult<T>> {
  if (regions.length <= 1) return read(regions[0], maxResults, token);
  const cursors: RegionCursor[] | undefined = token === undefined ? regions.map(() => ({ s: 0, m: pageSize(maxResults) })) : decodeCursors(token, regions.length);
  if (!cursors) return read(regions[0], maxResults, token);
  const heads: T[][] = regions.map(() => []);
  const next: (string | undefined)[] = regions.map(() => undefined);
  let answered = false;
  let down: AccountDown | undefined;
  const fill = async (i: number): Promise<void> => {
    const c = cursors[i]!;
    try {
      const p = await read(regions[i], c.m, c.t);
      answered = true;
      heads[i] = p.items.slice(c.s);
      next[i] = p.nextToken;
    } catch (e) {
      // A region found down (its error is the request's already) is passed over, so that the account's other regions still answer.
      if (!(e instanceof AccountDown && e.region !== undefined)) throw e;
      down = e;
      cursors[i] = null;
    }
  };
  /** A region whose page is spent goes on to its next page (or is done). */
  const advance = (i: number): boolean => {
    if (cursors[i] === null || heads[i].length > 0) return false;
    cursors[i] = next[i] === undefined ? null : { t: next[i], s: 0, m: pageSize(maxResults) };
    next[i] = undefined;
    return cursors[i] !== null;
  };
  await Promise.all(regions.map((_, i) => (cursors[i] ? fill(i) : undefined)));
  const items: T[] = [];
  while (items.length < maxResults) {
    // A region's next page may hold items newer than the other regions' heads: read it before choosing.
    await Promise.all(regions.map((_, i) => (advance(i) ? fill(i) : undefined)));
    let newest = -1;
    regions.forEach((_, i) => {
      if (cursors[i] !== null && heads[i].length > 0 && (newest < 0 || newestFirst(heads[i][0], heads[newest][0]) < 0)) newest = i;
    });
    if (newest < 0) break;
    items.push(heads[newest].shift()!);
    cursors[newest]!.s++;
  }
  // A page after the list's first answered already: its regions being down ends the list.
  if (!answered && down && token === undefined) throw down;
  regions.forEach((_, i) => advance(i));
  return cursors.some((c) => c !== null) ? { items, nextToken: encodeCursors(cursors) } : { items };
}

/** Clean Rooms identifiers are lowercase UUIDs (the API model's pattern). */
const AWS_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An id that no resource can have ("", "x") is not looked up: no AWS call, and the resource is absent like any unknown one. */
function requireAwsId(id: string): void {
  if (!AWS_ID.test(id)) throw new NotVisible();
}

async function everyPage<T>(page: (nextToken?: string) => Promise<PageResult<T>>): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const p = await page(nextToken);
    all.push(...p.items);
    nextToken = p.nextToken;
  } while (nextToken);
  return all;
}

/** The first pages of a list: their items, and whether AWS has more. */
export interface PartialList<T> {
  items: T[];
  more: boolean;
}

/** Pages of a list until it ends or `enough` says the page just read makes the rest unnecessary (e.g. it reached runs older than a window). */
async function pagesUntil<T>(page: (nextToken?: string) => Promise<PageResult<T>>, enough: (items: T[]) => boolean): Promise<PartialList<T>> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const p = await page(nextToken);
    items.push(...p.items);
    nextToken = p.nextToken;
    if (enough(p.items)) break;
  } while (nextToken);
  return { items, more: nextToken !== undefined };
}
