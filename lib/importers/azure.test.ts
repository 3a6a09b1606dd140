import { describe, expect, it } from "vitest";
import { byId, parseFixtures } from "./__fixtures__/load";

const SP = (n: number) => `6f2d8c1a-1111-4c3b-9d2e-00000000000${n}`;

describe("Azure / Entra ID", () => {
  const r = parseFixtures("auto", ["azure-sp-graph.json", "azure-apps.json", "azure-role-assignments.json"]);

  it("reads the Graph {value} envelope and infers the tenant from our own apps", () => {
    expect(r.format).toBe("azure");
    expect(r.sourceKey).toBe("azure:11111111-2222-3333-4444-555555555555");
    expect(r.identities).toHaveLength(6);
  });

  it("joins application secrets to the service principal on appId, metadata only", () => {
    const sp = byId(r.identities, SP(1));
    expect(sp).toMatchObject({ kind: "SERVICE_ACCOUNT", environment: "PROD", credentialsComplete: true });
    expect(sp.ownerHints.sort()).toEqual(["alerts-fin@acme.example", "lee.fin@acme.example"]);
    expect(sp.credentials).toEqual([
      expect.objectContaining({ externalId: "c0ffee00-0000-4000-8000-0000000000aa", type: "CERTIFICATE", fingerprint: "3F2A9C0B7D1E4F5A6B7C8D9E0F1A2B3C4D5E6F70", expiresAt: new Date("2026-05-07T06:53:37Z") }),
      expect.objectContaining({ externalId: "eeeeeeee-0000-4000-8000-000000000001", type: "CLIENT_SECRET", createdAt: new Date("2024-01-15T09:30:00Z") }),
    ]);
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/SUPER-SECRET|Qx~|PRIVATE-LOOKING|zz9|"hint"|secretText/);
  });

  it("tells managed identities, third-party and Microsoft first-party apps apart", () => {
    expect(byId(r.identities, SP(2))).toMatchObject({ kind: "OAUTH_APP", createdAtSource: new Date("2021-01-02T03:04:05.123Z") });
    expect(byId(r.identities, SP(2)).tags["azure:thirdParty"]).toBe("true");
    const mi = byId(r.identities, SP(3));
    expect(mi.kind).toBe("WORKLOAD_IDENTITY");
    expect(mi.tags["azure:resourceId"]).toMatch(/userAssignedIdentities\/id-orders-api-prod$/);
    // "NotDisabled" is not disabled.
    expect(byId(r.identities, SP(4))).toMatchObject({ platformManaged: true, status: "ACTIVE" });
    expect(byId(r.identities, SP(5))).toMatchObject({ status: "DISABLED" });
    expect(byId(r.identities, SP(5)).credentials[0].status).toBe("EXPIRED");
  });

  it("keeps an app registration without a service principal", () => {
    const app = byId(r.identities, "application:0aaa0000-0000-4000-8000-000000000009");
    expect(app.credentials.map((c) => c.type)).toEqual(["CLIENT_SECRET", "CLIENT_SECRET"]);
  });

  it("maps role assignments to entitlements of the principals", () => {
    expect(byId(r.identities, SP(3)).entitlements).toEqual([expect.objectContaining({ resource: "/subscriptions/0000aaaa-0000-0000-0000-000000000000/resourceGroups/rg-orders", permission: "Contributor", privilege: "WRITE", grantedAt: new Date("2023-03-03T03:03:03Z") })]);
    expect(byId(r.identities, SP(1)).entitlements).toEqual([expect.objectContaining({ permission: "Owner", privilege: "ADMIN", sensitivity: "CRITICAL" })]);
    expect(r.fullScope).toEqual({});
  });

  it("reads legacy AAD Graph names (objectId, startDate/endDate) and drops value", () => {
    const legacy = parseFixtures("auto", ["azure-sp-legacy.json"]);
    const sp = byId(legacy.identities, "7e7e7e7e-0000-4000-8000-000000000001");
    expect(sp).toMatchObject({ name: "legacy-sync", status: "ACTIVE", credentialsComplete: false });
    expect(sp.credentials).toEqual([expect.objectContaining({ externalId: "9a9a9a9a-0000-4000-8000-000000000001", createdAt: new Date("2019-04-14T03:47:26.051Z"), expiresAt: new Date("2020-04-14T03:47:26.051Z"), status: "EXPIRED" })]);
    expect(JSON.stringify(legacy)).not.toMatch(/legacy-secret-value/);
    expect(legacy.warnings.join("\n")).toMatch(/Legacy AAD Graph/);
    // Without the applications list, app-only identities are out of the deletion scope.
    expect(legacy.fullScope).toEqual({ excludeExternalIdPrefixes: ["application:"] });
  });

  it("takes the tenant from an azure:<tenant-id> source key", () => {
    const legacy = parseFixtures("azure", ["azure-sp-legacy.json"], { sourceKey: "azure:22222222-2222-3333-4444-555555555555" });
    expect(byId(legacy.identities, "7e7e7e7e-0000-4000-8000-000000000001").kind).toBe("SERVICE_ACCOUNT");
    expect(legacy.sourceKey).toBe("azure:22222222-2222-3333-4444-555555555555");
  });
});
