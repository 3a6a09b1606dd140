import { describe, expect, it } from "vitest";
import path from "node:path";
import { byId, fixture, parseFixtures, TEMPLATE_DIR } from "./__fixtures__/load";
import { parseImport } from "./index";

const CSV = path.join(TEMPLATE_DIR, "steward-import-template.csv");
const JSON_T = path.join(TEMPLATE_DIR, "steward-import-template.json");

describe("Steward import template (generic)", () => {
  it("reads the CSV example: one row per credential × entitlement, identity columns repeated", () => {
    const r = parseFixtures("auto", [CSV]);
    expect(r.format).toBe("generic");
    expect(r.sourceKey).toBe("manual:saas");
    expect(r.rowErrors).toEqual([]);
    expect(r.identities.map((i) => i.externalId)).toEqual(["stripe-live-payouts", "datadog-ci", "support-copilot"]);
    const stripe = byId(r.identities, "stripe-live-payouts");
    expect(stripe).toMatchObject({ kind: "API_KEY", environment: "PROD", owner: "maria.payments@acme.example", ownerHints: [], tags: { team: "payments", vendor: "stripe" }, credentialsComplete: true, entitlementsComplete: true });
    expect(stripe.credentials).toEqual([expect.objectContaining({ externalId: "rk_live_1", type: "ACCESS_KEY", storage: "vault:kv/payments/stripe", expiresAt: null })]);
    expect(stripe.entitlements.map((e) => [e.resource, e.privilege, e.sensitivity])).toEqual([["stripe:payouts", "WRITE", "CRITICAL"], ["stripe:balance", "READ", "HIGH"]]);
    expect(byId(r.identities, "datadog-ci").credentials[0]).toMatchObject({ storage: "unvaulted", expiresAt: new Date("2025-06-01T00:00:00Z"), status: "ACTIVE" });
    const agent = byId(r.identities, "support-copilot");
    expect(agent).toMatchObject({ kind: "AI_AGENT", onBehalfOf: "lee.support@acme.example", delegatedScopes: ["tickets:read", "tickets:reply"] });
    expect(r.fullScope).toBeNull();
  });

  it("reads the JSON example the same way", () => {
    const j = parseFixtures("auto", [JSON_T]);
    const c = parseFixtures("auto", [CSV]);
    const pick = (id: string, r: typeof j) => {
      const x = byId(r.identities, id);
      return { kind: x.kind, owner: x.owner, owners: x.ownerHints, creds: x.credentials.map((k) => k.externalId), ents: x.entitlements.map((e) => [e.resource, e.permission, e.privilege]) };
    };
    expect(pick("stripe-live-payouts", j)).toEqual(pick("stripe-live-payouts", c));
    expect(byId(j.identities, "support-copilot")).toMatchObject({ onBehalfOf: "lee.support@acme.example", credentialsComplete: true });
  });

  it("reports bad rows with their line numbers and imports the rest; secret columns are ignored", () => {
    const r = parseFixtures("generic", ["generic-bad-rows.csv"]);
    expect(r.identities.map((i) => i.externalId)).toEqual(["svc-1", "svc-5"]);
    expect(r.rowErrors.map((e) => [e.row, e.message])).toEqual([
      [3, expect.stringMatching(/kind "ROBOT" is not one of/)],
      [4, "external_id is required"],
      [5, expect.stringMatching(/created_at: unrecognised timestamp/)],
      [6, expect.stringMatching(/credential_type "magic"/)],
    ]);
    const five = byId(r.identities, "svc-5");
    expect(five).toMatchObject({ name: "quoted, name", kind: "BOT", createdAtSource: new Date("2024-02-02T08:00:00Z") });
    // Expired by now (fixtures' now is 2024-12-01).
    expect(five.credentials[0]).toMatchObject({ type: "TOKEN", status: "EXPIRED" });
    expect(JSON.stringify(r)).not.toMatch(/hunter2|s3cr3t/);
    expect(r.warnings.join("\n")).toMatch(/password were ignored/);
  });

  it("honours fullInventory in JSON and rejects JSON without identities", () => {
    const r = parseImport("generic", [{ fileName: "x.json", buffer: JSON.stringify({ format: "steward-import/v1", fullInventory: true, identities: [{ externalId: "a", name: "a", kind: "BOT" }] }) }]).result;
    expect(r.fullScope).toEqual({});
    expect(r.identities[0]).toMatchObject({ credentialsComplete: false, entitlementsComplete: false });
    expect(() => parseImport("generic", [fixture("gcp-iam-policy.json")])).toThrow(/not a Steward import template/);
  });
});
