import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { accountRegions, type AwsAccount } from "../../aws/account";
import { AccountDown } from "../../federation/account-health";
import type { Connection } from "../common/connection";
import { AFTER, FIRST, statusFilter } from "../common/descriptions";
import { AccountStatus, MembershipStatus } from "../common/enums";
import type { GraphContext } from "../context";
import { MembershipConnection } from "../membership/membership.connection";
import { awsConnection, membershipFromSummary, type MembershipNode } from "../nodes";
import { Account } from "./account.type";

/** An account as the caller sees it: its regions only those the caller may read it in. */
export function accountView(ctx: GraphContext, a: AwsAccount): Account {
  const readable = ctx.router.regionsOf(a.accountId);
  return { accountId: a.accountId, alias: a.alias, region: a.region, regions: accountRegions(a).filter((r) => readable.includes(r)) };
}

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => [Account], { description: "The federated accounts that the caller may act as." })
  accounts(@Ctx() ctx: GraphContext): Account[] {
    return ctx.accounts.map((a) => accountView(ctx, a));
  }

  @Query(() => Account, { nullable: true, description: "One federated account; null when the gateway does not federate it or the caller may not read it." })
  account(@Arg("accountId", () => String, { description: "The AWS account id (12 digits)." }) accountId: string, @Ctx() ctx: GraphContext): Account | null {
    return this.accounts(ctx).find((a) => a.accountId === accountId) ?? null;
  }

  /**
   * Whether the gateway can act as the account in this request: it reads
   * through it (the membership list, which its memberships and membership
   * routing read anyway, so usually at no extra cost). Resolving from the
   * health seen so far would race the request's other reads: an account that
   * fails in the same request could be reported AVAILABLE. Failing marks the
   * account down, so an UNAVAILABLE status always comes with the error that
   * names the account.
   */
  @FieldResolver(() => AccountStatus, {
    description: "Whether the gateway can act as the account in this request; UNAVAILABLE comes with an ACCOUNT_UNAVAILABLE error naming the account.",
  })
  async status(@Root() account: Account, @Ctx() ctx: GraphContext): Promise<AccountStatus> {
    if (ctx.health.isDown(account.accountId)) return AccountStatus.UNAVAILABLE;
    const acted = await ctx.loaders.allMemberships(account.accountId).then(
      () => true,
      (e: unknown) => (e instanceof AccountDown ? false : undefined),
    );
    if (acted !== undefined) return acted ? AccountStatus.AVAILABLE : AccountStatus.UNAVAILABLE;
    // The read was refused for a reason of its own (e.g. the role may not list memberships): the role itself decides.
    return (await ctx.canAssume(account.accountId)) ? AccountStatus.AVAILABLE : AccountStatus.UNAVAILABLE;
  }

  @FieldResolver(() => MembershipConnection, {
    description: "The account's memberships in collaborations (AWS ListMemberships as this account); empty when the account is unavailable.",
  })
  async memberships(
    @Root() account: Account,
    @Ctx() ctx: GraphContext,
    @Arg("status", () => MembershipStatus, { nullable: true, description: statusFilter("memberships") }) status?: MembershipStatus,
    @Arg("first", () => Int, { nullable: true, description: FIRST }) first?: number,
    @Arg("after", () => String, { nullable: true, description: AFTER }) after?: string,
  ): Promise<Connection<MembershipNode>> {
    return awsConnection(
      { first, after, list: ["ListMemberships", account.accountId, status ?? null] },
      (page) => ctx.loaders.membershipPage.load({ accountId: account.accountId, status, ...page }),
      (s) => membershipFromSummary(account.accountId, s),
    );
  }
}

