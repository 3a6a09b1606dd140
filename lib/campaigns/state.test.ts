import { describe, expect, it } from "vitest";
import {
  allowedFrom,
  assertAllowed,
  CAMPAIGN_ACTIONS,
  CAMPAIGN_TRANSITIONS,
  canTransition,
  closeTarget,
  decisionKey,
  isAllowed,
  itemProgress,
  needsComment,
  type ItemState,
} from "./state";
import type { CampaignStatus } from "../db/generated/enums";

const STATUSES: CampaignStatus[] = ["DRAFT", "ACTIVE", "REMEDIATION", "CLOSED", "CANCELLED"];

describe("campaign lifecycle", () => {
  it("allows exactly DRAFT -> ACTIVE -> REMEDIATION -> CLOSED, closing straight to CLOSED, and cancelling before the review closes", () => {
    const allowed = STATUSES.flatMap((from) => STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      ["DRAFT->ACTIVE", "DRAFT->CANCELLED", "ACTIVE->REMEDIATION", "ACTIVE->CLOSED", "ACTIVE->CANCELLED", "REMEDIATION->CLOSED"].sort(),
    );
    expect(CAMPAIGN_TRANSITIONS.CLOSED).toEqual([]);
    expect(CAMPAIGN_TRANSITIONS.CANCELLED).toEqual([]);
  });

  it("every action's transition is one the machine allows", () => {
    for (const [action, { from, to }] of Object.entries(CAMPAIGN_ACTIONS)) {
      if (!to) continue;
      for (const f of from) expect(canTransition(f, to), `${action}: ${f} -> ${to}`).toBe(true);
    }
  });

  it("launches only drafts and refuses a second launch with the reason", () => {
    expect(isAllowed("launch", "DRAFT")).toBe(true);
    expect(allowedFrom("launch")).toEqual(["DRAFT"]);
    expect(() => assertAllowed("launch", "ACTIVE")).toThrow(/already been launched/);
    expect(() => assertAllowed("launch", "CANCELLED")).toThrow(/cancelled/);
  });

  it("takes decisions only while the review runs", () => {
    expect(isAllowed("decide", "ACTIVE")).toBe(true);
    for (const s of ["DRAFT", "REMEDIATION", "CLOSED", "CANCELLED"] as const) expect(isAllowed("decide", s)).toBe(false);
    expect(() => assertAllowed("decide", "CLOSED")).toThrow(/closed: decisions can no longer/);
    expect(() => assertAllowed("decide", "REMEDIATION")).toThrow(/review is closed/);
    expect(() => assertAllowed("decide", "DRAFT")).toThrow(/not been launched/);
  });

  it("edits only drafts; completes only after the review closed; cancels before that", () => {
    expect(STATUSES.filter((s) => isAllowed("edit", s))).toEqual(["DRAFT"]);
    expect(STATUSES.filter((s) => isAllowed("complete", s))).toEqual(["REMEDIATION"]);
    expect(STATUSES.filter((s) => isAllowed("cancel", s))).toEqual(["DRAFT", "ACTIVE"]);
    expect(() => assertAllowed("complete", "ACTIVE")).toThrow(/Close the review first/);
  });

  it("closes into remediation only when there is work", () => {
    expect(closeTarget(0)).toBe("CLOSED");
    expect(closeTarget(3)).toBe("REMEDIATION");
  });
});

describe("comments", () => {
  it("follows the campaign's policy", () => {
    expect(needsComment("NEVER", "REVOKE")).toBe(false);
    expect(needsComment("ON_REVOKE", "REVOKE")).toBe(true);
    expect(needsComment("ON_REVOKE", "REDUCE")).toBe(true);
    expect(needsComment("ON_REVOKE", "DECOMMISSION")).toBe(true);
    expect(needsComment("ON_REVOKE", "KEEP")).toBe(false);
    expect(needsComment("ON_REVOKE", "ROTATE")).toBe(false);
    expect(needsComment("ALWAYS", "KEEP")).toBe(true);
  });
});

describe("review item completeness", () => {
  const base = (over: Partial<ItemState> = {}): ItemState => ({
    part: "ACCESS",
    breakGlass: false,
    entitlementIds: ["e1", "e2"],
    credentialIds: ["c1"],
    decisions: new Map(),
    purposeConfirmed: null,
    breakGlassAttested: false,
    comment: null,
    commentPolicy: "ON_REVOKE",
    ...over,
  });
  const d = (...pairs: [string, string][]) => new Map(pairs);

  it("needs the identity decision, the purpose and every grant and credential when confirming", () => {
    expect(itemProgress(base())).toMatchObject({ complete: false, openAccess: 3, missing: ["the identity decision", "2 entitlements", "1 credential"] });
    const partial = base({ decisions: d([decisionKey("IDENTITY"), "CONFIRM"], [decisionKey("ENTITLEMENT", "e1"), "KEEP"]) });
    expect(itemProgress(partial).missing).toEqual(["1 entitlement", "1 credential", "the purpose"]);
    const full = base({
      purposeConfirmed: "Nightly ledger export",
      decisions: d([decisionKey("IDENTITY"), "CONFIRM"], [decisionKey("ENTITLEMENT", "e1"), "KEEP"], [decisionKey("ENTITLEMENT", "e2"), "KEEP"], [decisionKey("CREDENTIAL", "c1"), "ROTATE"]),
    });
    expect(itemProgress(full)).toEqual({ complete: true, missing: [], openAccess: 0 });
  });

  it("needs a comment for a revocation under ON_REVOKE, for anything under ALWAYS, never under NEVER", () => {
    const decisions = d([decisionKey("IDENTITY"), "CONFIRM"], [decisionKey("ENTITLEMENT", "e1"), "REVOKE"], [decisionKey("ENTITLEMENT", "e2"), "KEEP"], [decisionKey("CREDENTIAL", "c1"), "KEEP"]);
    expect(itemProgress(base({ decisions, purposeConfirmed: "p" })).missing).toEqual(["a comment"]);
    expect(itemProgress(base({ decisions, purposeConfirmed: "p", comment: "No longer needed" })).complete).toBe(true);
    expect(itemProgress(base({ decisions, purposeConfirmed: "p", commentPolicy: "NEVER" })).complete).toBe(true);
    const keepAll = d([decisionKey("IDENTITY"), "CONFIRM"], [decisionKey("ENTITLEMENT", "e1"), "KEEP"], [decisionKey("ENTITLEMENT", "e2"), "KEEP"], [decisionKey("CREDENTIAL", "c1"), "KEEP"]);
    expect(itemProgress(base({ decisions: keepAll, purposeConfirmed: "p", commentPolicy: "ALWAYS" })).missing).toEqual(["a comment"]);
  });

  it("decommission and reassign need no per-access decisions", () => {
    expect(itemProgress(base({ decisions: d([decisionKey("IDENTITY"), "REASSIGN"]) })).complete).toBe(true);
    expect(itemProgress(base({ decisions: d([decisionKey("IDENTITY"), "DECOMMISSION"]), comment: "Unused for a year" })).complete).toBe(true);
    expect(itemProgress(base({ decisions: d([decisionKey("IDENTITY"), "DECOMMISSION"]) })).missing).toEqual(["a comment"]);
  });

  it("asks a break-glass NHI for the tested-and-still-needed attestation", () => {
    const decisions = d([decisionKey("IDENTITY"), "CONFIRM"], [decisionKey("ENTITLEMENT", "e1"), "KEEP"], [decisionKey("ENTITLEMENT", "e2"), "KEEP"], [decisionKey("CREDENTIAL", "c1"), "KEEP"]);
    expect(itemProgress(base({ breakGlass: true, decisions, purposeConfirmed: "p" })).missing).toEqual(["the break-glass attestation"]);
    expect(itemProgress(base({ breakGlass: true, decisions, purposeConfirmed: "p", breakGlassAttested: true })).complete).toBe(true);
  });

  it("a delegation item needs only the delegation decision", () => {
    expect(itemProgress(base({ part: "DELEGATION" })).missing).toEqual(["the delegation decision"]);
    expect(itemProgress(base({ part: "DELEGATION", decisions: d([decisionKey("DELEGATION"), "KEEP"]) })).complete).toBe(true);
    expect(itemProgress(base({ part: "DELEGATION", decisions: d([decisionKey("DELEGATION"), "REVOKE"]) })).missing).toEqual(["a comment"]);
  });
});
