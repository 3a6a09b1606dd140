// Which open findings a campaign review decision is about, so "Keep and request an exception" can pre-fill the
// request with them. Pure (no database): the data layer (lib/exceptions/queries.ts reviewItemExceptions) loads the
// findings, this matches them to the entitlement and credential rows the reviewer decides.
//
// Credential rules record one finding per credential (subjectKey = the credential id; "multiple-active-keys" one
// per credential type). Entitlement rules record one finding per NHI (subjectKey '') whose evidence lists example
// grants by id; the unused-grants finding covers every unused grant, listed as an example or not.

export interface FindingForReview {
  id: string;
  ruleId: string;
  subjectKey: string;
  /** The finding's evidence as JSON text (only searched for the grant's id). */
  evidenceText: string;
}

export type ReviewTarget =
  | { target: "ENTITLEMENT"; id: string; unused: boolean }
  | { target: "CREDENTIAL"; id: string; type: string };

export function findingsOfTarget<F extends FindingForReview>(findings: readonly F[], t: ReviewTarget): F[] {
  if (t.target === "CREDENTIAL") {
    return findings.filter((f) => f.subjectKey === t.id || (f.ruleId === "multiple-active-keys" && f.subjectKey === t.type));
  }
  return findings.filter((f) => f.subjectKey === "" && (f.evidenceText.includes(`"${t.id}"`) || (t.unused && f.ruleId === "unused-entitlements")));
}

/** Key of a decision target, as lib/campaigns/state.ts decisionKey writes it. */
export const targetKey = (t: ReviewTarget) => `${t.target}:${t.id}`;
