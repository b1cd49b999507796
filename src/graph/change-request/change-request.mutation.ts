/**
 * Change request mutations. The creator's account submits, commits and
 * cancels; the voting member's account approves or denies (federation/voters.ts
 * picks it). Each write is sent once; its result is what the returned
 * ChangeRequest shows, and the request's loaders are refreshed so that any
 * field selected from it shows the new state (after a commit, the members and
 * memberships too: the changes have taken effect).
 */
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { AwsChangeRequest } from "../../aws/cleanrooms-api";
import { ErrorCode } from "../../errors/codes";
import { checkCreateChangeRequest } from "../../inputs/change-inputs";
import { checkAccountId, checkUuid } from "../../inputs/run-inputs";
import { chooseVoter, type VoteAction } from "../../federation/voters";
import { refusal } from "../../errors/contract-error";
import { actAsCreator, reading, requireAnyGrant, requireGrant, writing } from "../../federation/acting";
import { rejectProblems } from "../../inputs/problems";
import type { GraphContext } from "../context";
import { ChangeRequest } from "./change-request.type";
import { CreateChangeRequestInput } from "./change-request.input";

/** What a change request mutation leaves behind in this request's loaders. */
function freshen(ctx: GraphContext, r: AwsChangeRequest): AwsChangeRequest {
  const key = { collaborationId: r.collaborationId!, id: r.id! };
  ctx.loaders.changeRequest.clear(key).prime(key, r);
  ctx.loaders.changeRequestPage.clearAll();
  ctx.watch.publishChangeRequest(r, ctx.requestId); // subscribers hear it now, not at the next poll
  if (r.status === "COMMITTED") {
    // The changes took effect: members, payer candidates and memberships read anew.
    ctx.loaders.members.clear(r.collaborationId!);
    ctx.loaders.collaboration.clear(r.collaborationId!);
    ctx.loaders.membership.clearAll();
    ctx.loaders.membershipPage.clearAll();
  }
  return r;
}

const COLLABORATION_ID = "The id of the request's collaboration (a UUID).";
const CHANGE_REQUEST_ID = "The change request's id (a UUID).";
const AS_ACCOUNT_ID =
  "The federated account to vote as (12 digits): one of the caller's accounts, with the vote grant. Left out: the one caller account with a pending vote.";

const idProblems = (collaborationId: string, changeRequestId: string) => [
  ...checkUuid("collaborationId", collaborationId),
  ...checkUuid("changeRequestId", changeRequestId),
];

@Resolver()
export class ChangeRequestMutationResolver {
  @Mutation(() => ChangeRequest, { description: "Submit a change request as the collaboration's creator (the gateway uses the creator's role)." })
  async createChangeRequest(
    @Arg("input", () => CreateChangeRequestInput, { description: "The collaboration and the changes to propose." }) input: CreateChangeRequestInput,
    @Ctx() ctx: GraphContext,
  ): Promise<AwsChangeRequest> {
    rejectProblems(checkCreateChangeRequest(input));
    requireAnyGrant(ctx, "commit");
    const creator = await actAsCreator(ctx, input.collaborationId, "submit change requests");
    const out = await writing(creator.accountId, () => ctx.api.createChangeRequest(creator, input.collaborationId, input.changes));
    return freshen(ctx, out.collaborationChangeRequest!);
  }

  @Mutation(() => ChangeRequest, {
    description: "Vote APPROVE as a federated member; asAccountId may be left out when exactly one of the caller's accounts has a pending vote.",
  })
  approveChangeRequest(
    @Arg("collaborationId", () => ID, { description: COLLABORATION_ID }) collaborationId: string,
    @Arg("changeRequestId", () => ID, { description: CHANGE_REQUEST_ID }) changeRequestId: string,
    @Ctx() ctx: GraphContext,
    @Arg("asAccountId", () => String, { nullable: true, description: AS_ACCOUNT_ID }) asAccountId?: string | null,
  ): Promise<AwsChangeRequest> {
    return this.vote(ctx, "APPROVE", collaborationId, changeRequestId, asAccountId);
  }

  @Mutation(() => ChangeRequest, {
    description: "Vote DENY as a federated member; asAccountId may be left out when exactly one of the caller's accounts has a pending vote.",
  })
  denyChangeRequest(
    @Arg("collaborationId", () => ID, { description: COLLABORATION_ID }) collaborationId: string,
    @Arg("changeRequestId", () => ID, { description: CHANGE_REQUEST_ID }) changeRequestId: string,
    @Ctx() ctx: GraphContext,
    @Arg("asAccountId", () => String, { nullable: true, description: AS_ACCOUNT_ID }) asAccountId?: string | null,
  ): Promise<AwsChangeRequest> {
    return this.vote(ctx, "DENY", collaborationId, changeRequestId, asAccountId);
  }

  @Mutation(() => ChangeRequest, { description: "Commit an APPROVED request as the collaboration's creator." })
  commitChangeRequest(
    @Arg("collaborationId", () => ID, { description: COLLABORATION_ID }) collaborationId: string,
    @Arg("changeRequestId", () => ID, { description: CHANGE_REQUEST_ID }) changeRequestId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<AwsChangeRequest> {
    return this.settle(ctx, "COMMIT", collaborationId, changeRequestId);
  }

  @Mutation(() => ChangeRequest, { description: "Withdraw a change request as the collaboration's creator; its changes will not take effect." })
  cancelChangeRequest(
    @Arg("collaborationId", () => ID, { description: COLLABORATION_ID }) collaborationId: string,
    @Arg("changeRequestId", () => ID, { description: CHANGE_REQUEST_ID }) changeRequestId: string,
    @Ctx() ctx: GraphContext,
  ): Promise<AwsChangeRequest> {
    return this.settle(ctx, "CANCEL", collaborationId, changeRequestId);
  }

  private async vote(ctx: GraphContext, action: VoteAction, collaborationId: string, changeRequestId: string, asAccountId?: string | null) {
    rejectProblems([...idProblems(collaborationId, changeRequestId), ...checkAccountId("asAccountId", asAccountId)]);
    requireAnyGrant(ctx, "vote");
    const callerAccounts = ctx.accounts.map((a) => a.accountId);
    if (asAccountId) {
      // Refused before any read: the caller cannot act as that account at all.
      if (!callerAccounts.includes(asAccountId)) {
        throw refusal(ErrorCode.FORBIDDEN, `asAccountId: account ${asAccountId} is not one of the federated accounts you can act as.`, { field: "asAccountId" });
      }
      requireGrant(ctx, asAccountId, "vote");
    }
    const request = await reading(
      ctx.loaders.changeRequest.load({ collaborationId, id: changeRequestId }),
      `Collaboration ${collaborationId} is not visible to any of your accounts.`,
    );
    const region = (await ctx.router.readerAt(collaborationId))?.region;
    const choice = chooseVoter(
      {
        changeRequestId,
        status: request.status!,
        approvals: Object.fromEntries(Object.entries(request.approvals ?? {}).map(([a, v]) => [a, v.status ?? "PENDING"])),
        callerAccounts,
        // The vote is cast where the collaboration lives (the region its request was just read in).
        mayVote: (a) => ctx.may(a, "vote", region),
        asAccountId,
      },
      action,
    );
    if (!choice.ok) {
      throw refusal(ErrorCode[choice.code], choice.message, {
        ...(choice.field ? { field: choice.field } : {}),
        ...(choice.accountIds ? { accountIds: choice.accountIds } : {}),
      });
    }
    const voter = choice.accountId;
    const out = await writing(voter, () => ctx.api.updateChangeRequest({ accountId: voter, region }, collaborationId, changeRequestId, action));
    return freshen(ctx, out.collaborationChangeRequest!);
  }

  private async settle(ctx: GraphContext, action: "COMMIT" | "CANCEL", collaborationId: string, changeRequestId: string) {
    rejectProblems(idProblems(collaborationId, changeRequestId));
    requireAnyGrant(ctx, "commit");
    const creator = await actAsCreator(ctx, collaborationId, `${action === "COMMIT" ? "commit" : "cancel"} change requests`);
    const out = await writing(creator.accountId, () => ctx.api.updateChangeRequest(creator, collaborationId, changeRequestId, action));
    return freshen(ctx, out.collaborationChangeRequest!);
  }
}
