import { describe, expect, it } from "vitest";
import { byId, parseFixtures } from "./__fixtures__/load";
import { gcpRolePrivilege, isServiceAgent } from "./gcp";

const FILES = ["gcp-service-accounts.json", "gcp-keys-etl-runner.json", "gcp-keys-legacy-rest.json", "gcp-iam-policy.json"];
const ETL = "104472338197635001201";
const COMPUTE = "112233445566778899001";

describe("GCP service accounts, keys and IAM policy", () => {
  const r = parseFixtures("auto", FILES);

  it("keys service accounts on uniqueId, with e-mail, description and disabled (absent when false)", () => {
    expect(r.format).toBe("gcp");
    expect(r.sourceKey).toBe("gcp:analytics-prod-3381");
    const etl = byId(r.identities, ETL);
    expect(etl).toMatchObject({ name: "etl-runner@analytics-prod-3381.iam.gserviceaccount.com", status: "ACTIVE", ownerHints: ["priya.data@acme.example"] });
    expect(byId(r.identities, "100000000000000000042").status).toBe("DISABLED");
    expect(byId(r.identities, COMPUTE).tags["gcp:default"]).toBe("compute");
  });

  it("reads keys: 9999 = no expiry, SYSTEM_MANAGED = ephemeral, disabled/exposed, never the private key", () => {
    const keys = byId(r.identities, ETL).credentials;
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatchObject({ externalId: "1f2e3d4c5b6a79881f2e3d4c5b6a7988aabbccdd", type: "SA_KEY", status: "ACTIVE", expiresAt: null, ephemeral: false, createdAt: new Date("2021-03-04T05:06:07Z") });
    expect(keys[1]).toMatchObject({ ephemeral: true, expiresAt: new Date("2024-12-06T10:00:00Z") });
    expect(keys[2]).toMatchObject({ status: "INACTIVE", createdAt: new Date("2019-01-01T00:00:00.123Z") });
    expect(keys[2].name).toMatch(/EXPOSED/);
    expect(byId(r.identities, ETL).credentialsComplete).toBe(true);
    expect(JSON.stringify(r)).not.toMatch(/privateKeyData|ewogICJ0eXBl|SECRET-PAYLOAD/);
  });

  it("accepts {keys} envelopes and old responses without keyType (short validity = Google-managed)", () => {
    const [system, user] = byId(r.identities, COMPUTE).credentials;
    expect(system).toMatchObject({ ephemeral: true, status: "EXPIRED" });
    expect(user).toMatchObject({ ephemeral: false, status: "ACTIVE", expiresAt: new Date("2027-06-01T10:00:00Z") });
  });

  it("turns bindings into entitlements of serviceAccount members, keeping conditions", () => {
    const etl = byId(r.identities, ETL);
    expect(etl.entitlementResources).toEqual(["projects/analytics-prod-3381"]);
    expect(etl.entitlements.map((e) => [e.permission, e.privilege])).toEqual([["roles/bigquery.dataEditor", "WRITE"], ["roles/storage.objectViewer", "READ"]]);
    expect(etl.entitlements[1].condition).toMatchObject({ title: "only-exports-bucket" });
    expect(byId(r.identities, COMPUTE).entitlements).toEqual([expect.objectContaining({ permission: "roles/owner", privilege: "ADMIN", sensitivity: "CRITICAL", via: "BINDING" })]);
  });

  it("keeps service agents (platform-managed), GKE and federated principals, and flags deleted members", () => {
    const agent = byId(r.identities, "serviceAgent:service-702113958264@container-engine-robot.iam.gserviceaccount.com");
    expect(agent.platformManaged).toBe(true);
    const deleted = byId(r.identities, "123456789012345678901");
    expect(deleted).toMatchObject({ status: "DELETED_AT_SOURCE", name: "temp-migrator@analytics-prod-3381.iam.gserviceaccount.com" });
    expect(deleted.tags["gcp:orphanGrant"]).toBe("true");
    expect(deleted.entitlements[0]).toMatchObject({ permission: "roles/editor", privilege: "ADMIN", condition: { deletedMember: expect.stringMatching(/^deleted:/) } });
    const gke = byId(r.identities, "serviceAccount:analytics-prod-3381.svc.id.goog[ingest/event-writer]");
    expect(gke).toMatchObject({ kind: "WORKLOAD_IDENTITY", name: "ingest/event-writer" });
    expect(r.identities.some((i) => i.externalId.startsWith("principalSet://") && i.entitlements[0].privilege === "UNKNOWN")).toBe(true);
    // Users and groups are not NHIs; other projects' accounts are reported, not invented.
    expect(r.identities.some((i) => /cto@|data-eng@|builder@other/.test(i.name))).toBe(false);
    expect(r.warnings.join("\n")).toMatch(/other projects/);
  });

  it("reports keys of unknown accounts and bindings without a role as row errors", () => {
    expect(r.rowErrors.map((e) => e.message)).toEqual([
      expect.stringMatching(/ghost@.*not in the service-accounts list/),
      expect.stringMatching(/no role/),
    ]);
  });

  it("is a full list of the project's own accounts only", () => {
    expect(r.fullScope).toEqual({ kinds: ["SERVICE_ACCOUNT"], excludeExternalIdPrefixes: ["serviceAgent:"] });
    const keysOnly = parseFixtures("gcp", ["gcp-keys-etl-runner.json"]);
    expect(keysOnly.fullScope).toBeNull();
    expect(keysOnly.rowErrors).toHaveLength(4);
  });

  it("accepts the REST {accounts} envelope", () => {
    const rest = parseFixtures("auto", ["gcp-service-accounts-rest.json"]);
    expect(rest.sourceKey).toBe("gcp:acme-dev-sandbox-1142");
    expect(rest.identities.map((i) => i.externalId)).toEqual(["200000000000000000001"]);
  });

  it("rates roles and recognises service agents", () => {
    expect(["roles/owner", "roles/editor", "roles/iam.serviceAccountTokenCreator", "roles/storage.admin", "roles/viewer", "roles/pubsub.publisher", "organizations/1/roles/x"].map(gcpRolePrivilege))
      .toEqual(["ADMIN", "ADMIN", "ADMIN", "ADMIN", "READ", "WRITE", "UNKNOWN"]);
    expect(isServiceAgent("service-123@gcp-sa-pubsub.iam.gserviceaccount.com")).toBe(true);
    expect(isServiceAgent("123-compute@developer.gserviceaccount.com")).toBe(false);
  });
});
