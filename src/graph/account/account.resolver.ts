import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { awsPage, awsToken, pageSize, type Connection } from "../common/connection";
import { AccountStatus, MembershipStatus } from "../common/enums";
import type { GraphContext } from "../context";
import { MembershipConnection } from "../membership/membership.connection";
import { membershipFromSummary, orMissing, type MembershipNode } from "../nodes";
import { Account } from "./account.type";

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => [Account], { description: "The federated accounts that the caller may act as." })
  accounts(@Ctx() ctx: GraphContext): Account[] {
    return ctx.accounts.map(({ accountId, alias, region }) => ({ accountId, alias, region }));
  }

  @Query(() => Account, { nullable: true })
  account(@Arg("accountId", () => String) accountId: string, @Ctx() ctx: GraphContext): Account | null {
    return this.accounts(ctx).find((a) => a.accountId === accountId) ?? null;
  }

  @FieldResolver(() => AccountStatus)
  async status(@Root() account: Account, @Ctx() ctx: GraphContext): Promise<AccountStatus> {
    if (ctx.health.isDown(account.accountId)) return AccountStatus.UNAVAILABLE;
    return (await ctx.canAssume(account.accountId)) ? AccountStatus.AVAILABLE : AccountStatus.UNAVAILABLE;
  }

  @FieldResolver(() => MembershipConnection)
  async memberships(
    @Root() account: Account,
    @Ctx() ctx: GraphContext,
    @Arg("status", () => MembershipStatus, { nullable: true }) status?: MembershipStatus,
    @Arg("first", () => Int, { nullable: true }) first?: number,
    @Arg("after", () => String, { nullable: true }) after?: string,
  ): Promise<Connection<MembershipNode>> {
    const page = await orMissing(
      ctx.loaders.membershipPage.load({ accountId: account.accountId, status, maxResults: pageSize(first), nextToken: awsToken(after) }),
      { items: [] },
    );
    return awsPage(page.items.map((s) => membershipFromSummary(account.accountId, s)), page.nextToken);
  }
}

