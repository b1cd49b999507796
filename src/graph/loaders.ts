/**
 * Per-request DataLoaders: within one GraphQL operation each distinct AWS
 * read is made at most once, and independent reads run in parallel (AWS has
 * no batch reads here, so a batch is its keys in parallel). Created for each
 * request and dropped with it: nothing is shared across requests or callers.
 *
 * Each read goes through the account the router names (federation/
 * account-router.ts), and each list tells the router what it saw.
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
import { AccountHealth } from "../federation/account-health";
import { AccountRouter, NotVisible } from "../federation/account-router";
import type { ChangeRequestStatus, MembershipStatus, ProtectedJobStatus, ProtectedQueryStatus } from "./common/enums";

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

/** One request's reads: which accounts failed, the routes fetched data gave, and the loaders that fetch through them. */
export interface RequestReads {
  health: AccountHealth;
  router: AccountRouter;
  loaders: Loaders;
}

/** Fresh reads for one request (or one subscription event) of a caller whose federated accounts are `accountIds`. */
export function requestReads(api: CleanRoomsApi, accountIds: readonly string[]): RequestReads {
  const health = new AccountHealth();
  const router: AccountRouter = new AccountRouter(accountIds, health, {
    collaborations: (accountId) => loaders.allCollaborations(accountId),
    memberships: (accountId) => loaders.allMemberships(accountId),
    collaboration: (collaborationId) => loaders.collaboration.load(collaborationId),
  });
  const loaders: Loaders = new Loaders(api, health, router);
  return { health, router, loaders };
}

export class Loaders {
  constructor(
    private readonly api: CleanRoomsApi,
    private readonly health: AccountHealth,
    /** Whose account each read goes through; told what every list saw. */
    private readonly router: AccountRouter,
  ) {}

  // ---- lists that page in AWS ------------------------------------------------

  readonly membershipPage = loader(async (k: { accountId: string; status?: MembershipStatus; maxResults: number; nextToken?: string }) => {
    const out = await this.health.read(k.accountId, () =>
      this.api.listMemberships(k.accountId, k.status, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    const items: AwsMembershipSummary[] = out.membershipSummaries ?? [];
    this.router.learnMemberships(k.accountId, items);
    return { items, nextToken: out.nextToken } as PageResult<AwsMembershipSummary>;
  });

  readonly collaborationPage = loader(async (k: { accountId: string; maxResults: number; nextToken?: string }) => {
    const out = await this.health.read(k.accountId, () =>
      this.api.listCollaborations(k.accountId, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    const items: AwsCollaborationSummary[] = out.collaborationList ?? [];
    this.router.learnCollaborations(k.accountId, items);
    return { items, nextToken: out.nextToken } as PageResult<AwsCollaborationSummary>;
  });

  readonly changeRequestPage = loader(async (k: { collaborationId: string; status?: ChangeRequestStatus; maxResults: number; nextToken?: string }) => {
    const reader = await this.router.requireReader(k.collaborationId);
    const out = await this.health.read(reader, () =>
      this.api.listChangeRequests(reader, k.collaborationId, k.status, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    return { items: out.collaborationChangeRequestSummaries ?? [], nextToken: out.nextToken } as PageResult<AwsChangeRequestSummary>;
  });

  readonly queryPage = loader(async (k: { membershipId: string; status?: ProtectedQueryStatus; maxResults: number; nextToken?: string }) => {
    const holder = await this.router.requireHolder(k.membershipId);
    const out = await this.health.read(holder, () =>
      this.api.listProtectedQueries(holder, k.membershipId, k.status, { maxResults: k.maxResults, nextToken: k.nextToken }),
    );
    return { items: out.protectedQueries ?? [], nextToken: out.nextToken } as PageResult<AwsProtectedQuerySummary>;
  });

  readonly jobPage = loader(async (k: { membershipId: string; status?: ProtectedJobStatus; maxResults: number; nextToken?: string }) => {
    const holder = await this.router.requireHolder(k.membershipId);
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

  readonly members = loader(async (collaborationId: string) => {
    const reader = await this.router.requireReader(collaborationId);
    const members = await everyPage(async (nextToken) => {
      const out = await this.health.read(reader, () => this.api.listMembers(reader, collaborationId, { maxResults: FULL_PAGE, nextToken }));
      return { items: out.memberSummaries ?? [], nextToken: out.nextToken } as PageResult<AwsMemberSummary>;
    });
    this.router.learnMembers(collaborationId, members);
    return members;
  });

  // ---- single resources ------------------------------------------------------

  readonly collaboration = loader(async (collaborationId: string): Promise<AwsCollaboration> => {
    const reader = await this.router.requireReader(collaborationId);
    const out = await this.health.read(reader, () => this.api.getCollaboration(reader, collaborationId));
    return out.collaboration!;
  });

  readonly membership = loader(async (membershipId: string): Promise<AwsMembership> => {
    const holder = await this.router.requireHolder(membershipId);
    const out = await this.health.read(holder, () => this.api.getMembership(holder, membershipId));
    return out.membership!;
  });

  readonly changeRequest = loader(async (k: { collaborationId: string; id: string }): Promise<AwsChangeRequest> => {
    requireAwsId(k.id);
    const reader = await this.router.requireReader(k.collaborationId);
    const out = await this.health.read(reader, () => this.api.getChangeRequest(reader, k.collaborationId, k.id));
    return out.collaborationChangeRequest!;
  });

  readonly protectedQuery = loader(async (k: { membershipId: string; id: string }): Promise<AwsProtectedQuery> => {
    requireAwsId(k.id);
    const holder = await this.router.requireHolder(k.membershipId);
    const out = await this.health.read(holder, () => this.api.getProtectedQuery(holder, k.membershipId, k.id));
    return out.protectedQuery!;
  });

  readonly protectedJob = loader(async (k: { membershipId: string; id: string }): Promise<AwsProtectedJob> => {
    requireAwsId(k.id);
    const holder = await this.router.requireHolder(k.membershipId);
    const out = await this.health.read(holder, () => this.api.getProtectedJob(holder, k.membershipId, k.id));
    return out.protectedJob!;
  });
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
