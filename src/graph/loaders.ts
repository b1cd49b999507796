/**
 * Per-request DataLoaders: within one GraphQL operation each distinct AWS
 * read is made at most once, and independent reads run in parallel (AWS has
 * no batch reads here, so a batch is its keys in parallel). Created for each
 * request and dropped with it: nothing is shared across requests or callers.
 *
 * Reads are routed through an account that may make them: a membership's
 * own account for the membership and its runs, and for a collaboration any
 * federated account known (from data already fetched) to be its member.
 */
import DataLoader from "dataloader";
import type {
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
import { AccountDown, type AccountHealth } from "../federation/account-health";

export interface PageResult<T> {
  items: T[];
  nextToken?: string;
}

/** AWS's largest page: what the gateway asks for when it needs a whole list. */
export const FULL_PAGE = 100;

const key = (parts: Record<string, unknown>): string => JSON.stringify(parts);

function loader<K, V>(load: (key: K) => Promise<V>): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>((keys) => Promise.all(keys.map((k) => load(k).catch((e: unknown) => e as Error))), {
    cacheKeyFn: (k) => key(k as Record<string, unknown>),
  });
}

export class Loaders {
  /** Which federated accounts are known to see a collaboration / hold a membership. */
  private readonly readers = new Map<string, string[]>();
  private readonly holders = new Map<string, { accountId: string; collaborationId: string }>();

  constructor(
    private readonly api: CleanRoomsApi,
    private readonly health: AccountHealth,
    /** The caller's federated account ids, in configuration order. */
    readonly accountIds: readonly string[],
  ) {}

  // ---- routing -------------------------------------------------------------

  noteReader(collaborationId: string, accountId: string): void {
    const list = this.readers.get(collaborationId) ?? [];
    if (!list.includes(accountId)) this.readers.set(collaborationId, [...list, accountId]);
  }

  noteHolder(membershipId: string, collaborationId: string, accountId: string): void {
    this.holders.set(membershipId, { accountId, collaborationId });
    this.noteReader(collaborationId, accountId);
  }

  /** A federated account that may read the collaboration; looks at every account's list only when no fetched data says. */
  async readerOf(collaborationId: string): Promise<string | undefined> {
    const known = this.pickReader(collaborationId);
    if (known) return known;
    await Promise.all(this.accountIds.map((a) => this.allCollaborations(a).catch(ignoreDown)));
    return this.pickReader(collaborationId);
  }

  /** The federated account holding a membership; looks at every account's memberships only when no fetched data says. */
  async holderOf(membershipId: string): Promise<string | undefined> {
    return (await this.membershipRoute(membershipId))?.accountId;
  }

  /** The holder of a membership and the collaboration it belongs to. */
  async membershipRoute(membershipId: string): Promise<{ accountId: string; collaborationId: string } | undefined> {
    const usable = () => {
      const r = this.holders.get(membershipId);
      return r && this.accountIds.includes(r.accountId) && !this.health.isDown(r.accountId) ? r : undefined;
    };
    if (usable()) return usable();
    await Promise.all(this.accountIds.map((a) => this.allMemberships(a).catch(ignoreDown)));
    return usable();
  }

  /** The first usable reader in configuration order, so that the same account tends to answer for a collaboration. */
  private pickReader(collaborationId: string): string | undefined {
    const known = this.readers.get(collaborationId) ?? [];
    return this.accountIds.find((a) => known.includes(a) && !this.health.isDown(a));
  }

  // ---- lists that page in AWS ------------------------------------------------

  readonly membershipPage = loader(async (k: { accountId: string; status?: string; maxResults: number; nextToken?: string }) => {
    const out = await this.health.read(k.accountId, () =>
      this.api.listMemberships(k.accountId, k.status as never, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    const items: AwsMembershipSummary[] = out.membershipSummaries ?? [];
    for (const m of items) this.noteHolder(m.id!, m.collaborationId!, k.accountId);
    return { items, nextToken: out.nextToken } as PageResult<AwsMembershipSummary>;
  });

  readonly collaborationPage = loader(async (k: { accountId: string; maxResults: number; nextToken?: string }) => {
    const out = await this.health.read(k.accountId, () =>
      this.api.listCollaborations(k.accountId, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    const items: AwsCollaborationSummary[] = out.collaborationList ?? [];
    for (const c of items) {
      this.noteReader(c.id!, k.accountId);
      if (c.membershipId) this.noteHolder(c.membershipId, c.id!, k.accountId);
    }
    return { items, nextToken: out.nextToken } as PageResult<AwsCollaborationSummary>;
  });

  readonly changeRequestPage = loader(async (k: { collaborationId: string; status?: string; maxResults: number; nextToken?: string }) => {
    const reader = await this.requireReader(k.collaborationId);
    const out = await this.health.read(reader, () =>
      this.api.listChangeRequests(reader, k.collaborationId, k.status as never, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    return { items: out.collaborationChangeRequestSummaries ?? [], nextToken: out.nextToken } as PageResult<AwsChangeRequestSummary>;
  });

  readonly queryPage = loader(async (k: { membershipId: string; status?: string; maxResults: number; nextToken?: string }) => {
    const holder = await this.requireHolder(k.membershipId);
    const out = await this.health.read(holder, () =>
      this.api.listProtectedQueries(holder, k.membershipId, k.status as never, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    return { items: out.protectedQueries ?? [], nextToken: out.nextToken } as PageResult<AwsProtectedQuerySummary>;
  });

  readonly jobPage = loader(async (k: { membershipId: string; status?: string; maxResults: number; nextToken?: string }) => {
    const holder = await this.requireHolder(k.membershipId);
    const out = await this.health.read(holder, () =>
      this.api.listProtectedJobs(holder, k.membershipId, k.status as never, { maxResults: k.maxResults, nextToken: k.nextToken }),
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

  readonly members = loader(async (collaborationId: string) => {
    const reader = await this.requireReader(collaborationId);
    return everyPage(async (nextToken) => {
      const out = await this.health.read(reader, () => this.api.listMembers(reader, collaborationId, { maxResults: FULL_PAGE, nextToken }));
      return { items: out.memberSummaries ?? [], nextToken: out.nextToken } as PageResult<AwsMemberSummary>;
    });
  });

  // ---- single resources ------------------------------------------------------

  readonly collaboration = loader(async (collaborationId: string): Promise<AwsCollaboration> => {
    const reader = await this.requireReader(collaborationId);
    const out = await this.health.read(reader, () => this.api.getCollaboration(reader, collaborationId));
    return out.collaboration!;
  });

  readonly membership = loader(async (membershipId: string): Promise<AwsMembership> => {
    const holder = await this.requireHolder(membershipId);
    const out = await this.health.read(holder, () => this.api.getMembership(holder, membershipId));
    return out.membership!;
  });

  readonly changeRequest = loader(async (k: { collaborationId: string; id: string }): Promise<AwsChangeRequest> => {
    requireAwsId(k.id);
    const reader = await this.requireReader(k.collaborationId);
    const out = await this.health.read(reader, () => this.api.getChangeRequest(reader, k.collaborationId, k.id));
    return out.collaborationChangeRequest!;
  });

  readonly protectedQuery = loader(async (k: { membershipId: string; id: string }): Promise<AwsProtectedQuery> => {
    requireAwsId(k.id);
    const holder = await this.requireHolder(k.membershipId);
    const out = await this.health.read(holder, () => this.api.getProtectedQuery(holder, k.membershipId, k.id));
    return out.protectedQuery!;
  });

  readonly protectedJob = loader(async (k: { membershipId: string; id: string }): Promise<AwsProtectedJob> => {
    requireAwsId(k.id);
    const holder = await this.requireHolder(k.membershipId);
    const out = await this.health.read(holder, () => this.api.getProtectedJob(holder, k.membershipId, k.id));
    return out.protectedJob!;
  });

  private async requireReader(collaborationId: string): Promise<string> {
    const reader = await this.readerOf(collaborationId);
    if (!reader) throw new NotVisible();
    return reader;
  }

  private async requireHolder(membershipId: string): Promise<string> {
    const holder = await this.holderOf(membershipId);
    if (!holder) throw new NotVisible();
    return holder;
  }
}

/** Clean Rooms identifiers are lowercase UUIDs (the API model's pattern). */
const AWS_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An id that no resource can have ("", "x") is not looked up: no AWS call, and the resource is absent like any unknown one. */
function requireAwsId(id: string): void {
  if (!AWS_ID.test(id)) throw new NotVisible();
}

/** No account of the caller can see the resource: resolvers answer null (not an error that reveals it). */
export class NotVisible extends Error {
  constructor() {
    super("not visible to any of the caller's accounts");
  }
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

function ignoreDown(e: unknown): void {
  if (!(e instanceof AccountDown)) throw e;
}
