/**
 * Test support: the demo scenario with one collaboration moved to a second
 * region (Publisher audience insights, with its memberships and runs, in
 * eu-west-1), so that the advertiser and the publisher each hold
 * collaborations in two regions, as companies running Clean Rooms in the US
 * and in the EU do.
 */
import { demoScenarioPath, loadScenarioFile, parseScenario, type Scenario } from "../../src/emulator/scenario";
import { demo } from "./emulator";

export const HOME = "us-east-1";
export const SECOND = "eu-west-1";

/** The collaboration that lives in the second region. */
export const movedCollaboration = demo.audienceInsights;

export function twoRegionScenario(): Scenario {
  const s = structuredClone(loadScenarioFile(demoScenarioPath()));
  if (s.region !== HOME) throw new Error(`the demo scenario's region is ${s.region}, not ${HOME}`);
  s.collaborations.find((c) => c.id === movedCollaboration)!.region = SECOND;
  return parseScenario(JSON.parse(JSON.stringify(s)), "two-region scenario");
}

/** The region each collaboration of the scenario lives in. */
export const regionOf = (s: Scenario, collaborationId: string): string => s.collaborations.find((c) => c.id === collaborationId)!.region ?? s.region;

/** The memberships of a collaboration. */
export const membershipIdsOf = (s: Scenario, collaborationId: string): string[] =>
  s.collaborations.find((c) => c.id === collaborationId)!.members.flatMap((m) => (m.membershipId ? [m.membershipId] : []));
