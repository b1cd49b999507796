/**
 * Which of the caller's federated accounts a request goes through, for one
 * GraphQL operation: a collaboration is read through an account known to be
 * its member, a membership (and its runs) through the account holding it.
 *
 * What the operation has fetched already says most of it (each list tells
 * the router what it saw: `learn*`), so routing usually costs no call. Only
 * when nothing fetched says does the router read every account's whole list
 * (through `source`, i.e. the request's loaders, so those pages are shared).
 * An account that is down routes nothing; configuration order breaks ties,
 * so that the same account tends to answer for a collaboration.
 */
import { AccountDown } from "./account-health";

export interface MembershipRoute {
  /** The federated account holding the membership. */
  accountId: string;
  collaborationId: string;
}

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

  constructor(
    /** The caller's federated accounts, in configuration order. */
    readonly accountIds: readonly string[],
    private readonly health: { isDown(accountId: string): boolean },
    private readonly source: RouteSource,
  ) {}

  // ---- what fetched data says ----------------------------------------------------

  learnCollaborations(accountId: string, summaries: readonly { id?: string; membershipId?: string; creatorAccountId?: string }[]): void {
    for (const c of summaries) {
      this.addReader(c.id!, accountId);
      if (c.creatorAccountId) this.creators.set(c.id!, c.creatorAccountId);
      if (c.membershipId) this.holders.set(c.membershipId, { accountId, collaborationId: c.id! });
    }
  }

  learnMemberships(accountId: string, summaries: readonly { id?: string; collaborationId?: string }[]): void {
    for (const m of summaries) this.learnHolder(m.id!, { accountId, collaborationId: m.collaborationId! });
  }

  /** A collaboration's member list: the caller's accounts among the members hold their memberships. */
  learnMembers(collaborationId: string, members: readonly { accountId?: string; membershipId?: string }[]): void {
    for (const m of members) {
      if (m.membershipId && this.accountIds.includes(m.accountId!)) this.learnHolder(m.membershipId, { accountId: m.accountId!, collaborationId });
    }
  }

  /** A route known from elsewhere (a subscription's watch). */
  learnHolder(membershipId: string, route: MembershipRoute): void {
    this.holders.set(membershipId, route);
    this.addReader(route.collaborationId, route.accountId);
  }

  learnReader(collaborationId: string, accountId: string): void {
    this.addReader(collaborationId, accountId);
  }

  // ---- routes ----------------------------------------------------------------------

  /** A federated account that may read the collaboration; every account's list is read only when no fetched data says. */
  async readerOf(collaborationId: string): Promise<string | undefined> {
    const known = this.pickReader(collaborationId);
    if (known) return known;
    await this.readAll("collaborations");
    return this.pickReader(collaborationId);
  }

  /** The holder of a membership and its collaboration; every account's memberships are read only when no fetched data says. */
  async membershipRoute(membershipId: string): Promise<MembershipRoute | undefined> {
    const known = this.usableHolder(membershipId);
    if (known) return known;
    await this.readAll("memberships");
    return this.usableHolder(membershipId);
  }

  async requireReader(collaborationId: string): Promise<string> {
    const reader = await this.readerOf(collaborationId);
    if (!reader) throw new NotVisible();
    return reader;
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

  /** The caller's accounts that are down in this request. */
  downAccounts(): string[] {
    return this.accountIds.filter((a) => this.health.isDown(a));
  }

  private addReader(collaborationId: string, accountId: string): void {
    const list = this.readers.get(collaborationId) ?? [];
    if (!list.includes(accountId)) this.readers.set(collaborationId, [...list, accountId]);
  }

  private pickReader(collaborationId: string): string | undefined {
    const known = this.readers.get(collaborationId) ?? [];
    return this.accountIds.find((a) => known.includes(a) && !this.health.isDown(a));
  }

  private usableHolder(membershipId: string): MembershipRoute | undefined {
    const r = this.holders.get(membershipId);
    return r && this.accountIds.includes(r.accountId) && !this.health.isDown(r.accountId) ? r : undefined;
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
