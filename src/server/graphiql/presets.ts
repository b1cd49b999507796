/**
 * The example operations GraphiQL opens as tabs, ready to run against the
 * demo world (src/emulator/scenarios/demo.json). Outside demo mode they are
 * templates: the ids in their variables name demo resources.
 *
 * They are checked against schema/contract.graphql (test/browser/graphiql-page.test.ts),
 * and the dashboard is the same operation as test/operations/dashboard.graphql
 * (comments aside: these are wrapped to fit GraphiQL's editor).
 */

export interface Preset {
  /** The operation document; its operation name becomes the tab's title. */
  query: string;
  /** Variables as JSON text, shown in the variables editor. */
  variables?: string;
}

/** Demo ids the presets use (demo.json): the "Retail media measurement" collaboration. */
const demo = {
  collaborationId: "aaaaaaaa-0001-4000-8000-000000000001",
  /** PENDING: the advertiser approved; advertiser analytics (222…) still has to vote. */
  changeRequestId: "cccccccc-0001-4000-8000-000000000001",
  approver: "222222222222",
  /** The advertiser's membership: it can query; the advertiser and the publisher are payer candidates. */
  membershipId: "bbbbbbbb-0001-4000-8000-000000000001",
  advertiser: "111111111111",
  publisher: "333333333333",
  /** A query that is still STARTED, so its status subscription has events to come. */
  runningQueryId: "dddddddd-0001-4000-8000-000000000002",
} as const;

const json = (value: unknown) => JSON.stringify(value, null, 2);

export const DASHBOARD = `# A frontend's landing page: every federated account with its
# memberships and their latest runs, and every collaboration
# with its members, who pays, and what awaits a vote.
# Every field comes from lists the gateway reads anyway, so
# this costs no Get* call to AWS.
query Dashboard {
  accounts {
    accountId
    alias
    status
    memberships {
      nodes {
        id
        status
        memberAbilities
        collaboration {
          id
          name
        }
        protectedQueries(first: 10) {
          nodes {
            id
            status
            createTime
            payer {
              accountId
              displayName
            }
            receivers {
              accountId
              displayName
            }
          }
        }
        protectedJobs(first: 10) {
          nodes {
            id
            status
            createTime
            payer {
              accountId
              displayName
            }
            receivers {
              accountId
              displayName
            }
          }
        }
      }
    }
  }
  collaborations(first: 100) {
    nodes {
      id
      name
      analyticsEngine
      creatorDisplayName
      createTime
      members {
        accountId
        displayName
        status
        abilities
        isFederated
      }
      payerCandidates(costType: QUERY_COMPUTE) {
        accountId
      }
      defaultPayer(costType: QUERY_COMPUTE) {
        accountId
      }
      changeRequests(status: PENDING) {
        nodes {
          id
          status
          changes {
            types
            member {
              accountId
              member {
                displayName
              }
            }
          }
          approvals {
            accountId
            status
            member {
              displayName
              isFederated
            }
          }
        }
      }
    }
  }
}
`;

export const APPROVE_CHANGE_REQUEST = `# Vote APPROVE on a pending change request as one of your
# federated member accounts. asAccountId may be left out when
# exactly one of your accounts still has a pending vote.
mutation ApproveChangeRequest($collaborationId: ID!, $changeRequestId: ID!, $asAccountId: String) {
  approveChangeRequest(collaborationId: $collaborationId, changeRequestId: $changeRequestId, asAccountId: $asAccountId) {
    id
    status
    approvals {
      accountId
      status
      member {
        displayName
      }
    }
  }
}
`;

export const START_QUERY_WITH_PAYER = `# Start a protected query and name who pays its compute:
# payerAccountId must be one of the collaboration's payer
# candidates (Collaboration.payerCandidates(QUERY_COMPUTE)).
mutation StartQueryWithPayer($input: StartProtectedQueryInput!) {
  startProtectedQuery(input: $input) {
    id
    membershipId
    status
    createTime
    payer {
      accountId
      displayName
    }
    receivers {
      accountId
      displayName
    }
  }
}
`;

export const QUERY_STATUS = `# Follow a protected query: its status now, then every change,
# until a terminal status (SUCCESS, FAILED, CANCELLED,
# TIMED_OUT) completes the subscription.
subscription QueryStatus($membershipId: ID!, $id: ID!) {
  protectedQueryStatusChanged(membershipId: $membershipId, id: $id) {
    id
    status
    statistics {
      totalDurationInMillis
    }
    error {
      code
      message
    }
  }
}
`;

export const PRESETS: readonly Preset[] = [
  { query: DASHBOARD },
  {
    query: APPROVE_CHANGE_REQUEST,
    variables: json({ collaborationId: demo.collaborationId, changeRequestId: demo.changeRequestId, asAccountId: demo.approver }),
  },
  {
    query: START_QUERY_WITH_PAYER,
    variables: json({
      input: {
        membershipId: demo.membershipId,
        sqlParameters: { queryString: "SELECT campaign_id, COUNT(DISTINCT user_id) AS reach FROM exposures GROUP BY campaign_id" },
        output: { member: { accountId: demo.advertiser } },
        payerAccountId: demo.publisher,
      },
    }),
  },
  { query: QUERY_STATUS, variables: json({ membershipId: demo.membershipId, id: demo.runningQueryId }) },
];
