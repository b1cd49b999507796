/**
 * Which of the caller's federated accounts a request goes through, for one
 * GraphQL operation: a collaboration is read through an account known to be
 * its member, a membership (and its runs) through the account holding it.
 *
 * What the operation has fetched already says most of it (each list tells
 * the router what it saw: `learn*`), so routing usually costs no call. Only
 * when nothing fetched says does the router read every account's whole list
 * (through `source`, i.e. the request's loaders, so those pages are shared).
 * An account that is down routes nothing (one down in a region, nothing
 * there); configuration order breaks ties,
 * so that the same account tends to answer for a collaboration.
 *
 * Clean Rooms is regional: each collaboration, with its memberships and
 * runs, lives in one region, and is reached only through that region's
 * endpoint. The router remembers the region each list saw a resource in, so
 * that reads of its children go there; and it routes through an account
 * only in the regions the caller may read there (`regionsOf`).
 */
import { AccountDown } from "./account-health";

export interface MembershipRoute {
  /** The federated account holding the membership. */
  accountId: string;
  collaborationId: string;
  /** Where the membership (its collaboration's region) lives; undefined: the account's home region. */
  region?: string;
}

/** An account in a region: where a read or write goes. */
export interface Place {
  accountId: string;
  /** Undefined: the account's home region. */
  region?: string;
}

/** Every region of every account: a caller whose grants name no region. */
const HOME_ONLY = (): readonly (string | undefined)[] => [undefined];

/** The reads the router falls back on. Every collaboration / membership of an account: reading them teaches the router (the loaders call `learn*`). */
export interface RouteSource {
  collaborations(accountId: string): Promise<unknown>;
  memberships(accountId: string): Promise<unknown>;
  collaboration(collaborationId: string): Promise<{ creatorAccountId?: string }>;
}

/** No account of the caller can see the resource: queries answer null (not an error that would reveal it). */
export class NotVisible extends Error {
  constructor() {
    super("not visible to any of the caller's accounts");
  }
}

export class AccountRouter {
  private readonly readers = new Map<string, string[]>();
  private readonly holders = new Map<string, MembershipRoute>();
  private readonly creators = new Map<string, string>();
  /** The region each collaboration was seen in (a collaboration lives in exactly one). */
  private readonly regions = new Map<string, string | undefined>();
  /** The account a collaboration is read through when it can be (the inbox reads through an ACTIVE voter). */
  private readonly preferred = new Map<string, string>();

  constructor(
    /** The caller's federated accounts, in configuration order. */
    readonly accountIds: readonly string[],
    /** Which accounts (or accounts in a region) are down in this request (AccountHealth). */
    private readonly health: { isDown(accountId: string, region?: string): boolean; downAnywhere?(accountId: string): boolean },
    private readonly source: RouteSource,
    /** The regions the caller may read each account in (undefined: its home region); its lists read exactly these. */
    readonly regionsOf: (accountId: string) => readonly (string | undefined)[] = HOME_ONLY,
  ) {}

  // ---- what fetched data says ----------------------------------------------------

  learnCollaborations(accountId: string, summaries: readonly { id?: string; membershipId?: string; creatorAccountId?: string }[], region?: string): void {
    for (const c of summaries) {
      this.addReader(c.id!, accountId, region);
      if (c.creatorAccountId) this.creators.set(c.id!, c.creatorAccountId);
      if (c.membershipId) this.holders.set(c.membershipId, { accountId, collaborationId: c.id!, region });
    }
  }

  learnMemberships(accountId: string, summaries: readonly { id?: string; collaborationId?: string }[], region?: string): void {
    for (const m of summaries) this.learnHolder(m.id!, { accountId, collaborationId: m.collaborationId!, region });
  }

  /** A collaboration's member list: the caller's accounts among the members hold their memberships (in the collaboration's region). */
  learnMembers(collaborationId: string, members: readonly { accountId?: string; membershipId?: string }[]): void {
    const region = this.regions.get(collaborationId);
    for (const m of members) {
      if (m.membershipId && this.accountIds.includes(m.accountId!)) this.learnHolder(m.membershipId, { accountId: m.accountId!, collaborationId, region });
    }
  }

  /** A route known from elsewhere (a subscription's watch). */
  learnHolder(membershipId: string, route: MembershipRoute): void {
    this.holders.set(membershipId, route);
    this.addReader(route.collaborationId, route.accountId, route.region);
  }

  learnReader(collaborationId: string, accountId: string, region?: string): void {
    this.addReader(collaborationId, accountId, region);
  }

  /** Reads of the collaboration go through `accountId` (a reader) while it is up, before configuration order. */
  preferReader(collaborationId: string, accountId: string): void {
    this.preferred.set(collaborationId, accountId);
  }

  // ---- routes ----------------------------------------------------------------------

  /** A federated account that may read the collaboration; every account's list is read only when no fetched data says. */
  async readerOf(collaborationId: string): Promise<string | undefined> {
    return (await this.readerAt(collaborationId))?.accountId;
  }

  /** Where the collaboration is read: a reader account, in the collaboration's region. */
  async readerAt(collaborationId: string): Promise<Place | undefined> {
    const known = this.pickReader(collaborationId);
    if (known) return known;
    await this.readAll("collaborations");
    return this.pickReader(collaborationId);
  }

  async requireReaderAt(collaborationId: string): Promise<Place> {
    const reader = await this.readerAt(collaborationId);
    if (!reader) throw new NotVisible();
    return reader;
  }

  /** Another account already known to read the collaboration, now that the one tried is down (no read). */
  knownReaderAt(collaborationId: string): Place | undefined {
    return this.pickReader(collaborationId);
  }

  async requireHolderAt(membershipId: string): Promise<Place> {
    const route = await this.membershipRoute(membershipId);
    if (!route) throw new NotVisible();
    return { accountId: route.accountId, region: route.region };
  }

  /** The holder of a membership and its collaboration; every account's memberships are read only when no fetched data says. */
  async membershipRoute(membershipId: string): Promise<MembershipRoute | undefined> {
    const known = this.usableHolder(membershipId);
    if (known) return known;
    await this.readAll("memberships");
    return this.usableHolder(membershipId);
  }

  async requireReader(collaborationId: string): Promise<string> {
    return (await this.requireReaderAt(collaborationId)).accountId;
  }

  async requireHolder(membershipId: string): Promise<string> {
    const route = await this.membershipRoute(membershipId);
    if (!route) throw new NotVisible();
    return route.accountId;
  }

  /**
   * Who created the collaboration (only the creator submits, commits and
   * cancels change requests): from the collaboration lists, which carry it;
   * GetCollaboration only when the reader's list does not say.
   */
  async creatorOf(collaborationId: string): Promise<string> {
    const reader = await this.requireReader(collaborationId);
    if (!this.creators.has(collaborationId)) await this.source.collaborations(reader);
    return this.creators.get(collaborationId) ?? (await this.source.collaboration(collaborationId)).creatorAccountId!;
  }

  /** The region a list saw the collaboration in (undefined: not seen yet, or its account's home region). */
  collaborationRegion(collaborationId: string): string | undefined {
    return this.regions.get(collaborationId);
  }

  /** The membership's route when fetched data gave it and the caller may read through it there (no read). */
  knownRoute(membershipId: string): MembershipRoute | undefined {
    return this.usableHolder(membershipId);
  }

  /** The caller's accounts that are down in this request, everywhere or in one of their regions. */
  downAccounts(): string[] {
    return this.accountIds.filter((a) => this.health.downAnywhere?.(a) ?? this.health.isDown(a));
  }

  private addReader(collaborationId: string, accountId: string, region: string | undefined): void {
    if (region !== undefined || !this.regions.has(collaborationId)) this.regions.set(collaborationId, region);
    const list = this.readers.get(collaborationId) ?? [];
    if (!list.includes(accountId)) this.readers.set(collaborationId, [...list, accountId]);
  }

  /** Whether the caller may read through the account in the region (a grant limited to other regions may not). */
  private readsIn(accountId: string, region: string | undefined): boolean {
    return this.accountIds.includes(accountId) && !this.health.isDown(accountId, region) && this.regionsOf(accountId).includes(region);
  }

  private pickReader(collaborationId: string): Place | undefined {
    const known = this.readers.get(collaborationId) ?? [];
    const region = this.regions.get(collaborationId);
    const preferred = this.preferred.get(collaborationId);
    const first = preferred !== undefined && known.includes(preferred) && this.readsIn(preferred, region) ? preferred : undefined;
    const accountId = first ?? this.accountIds.find((a) => known.includes(a) && this.readsIn(a, region));
    return accountId === undefined ? undefined : { accountId, region };
  }

  private usableHolder(membershipId: string): MembershipRoute | undefined {
    const r = this.holders.get(membershipId);
    return r && this.readsIn(r.accountId, r.region) ? r : undefined;
  }

  /** Every account's list; an account that is down is left out (its error is the request's already). */
  private async readAll(list: "collaborations" | "memberships"): Promise<void> {
    await Promise.all(
      this.accountIds.map((a) =>
        this.source[list](a).catch((e: unknown) => {
          if (!(e instanceof AccountDown)) throw e;
        }),
      ),
    );
  }
}
