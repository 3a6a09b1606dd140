import { describe, expect, it } from "vitest";
import { byId, fixture, parseFixtures } from "./__fixtures__/load";
import { parseImport } from "./index";

describe("GitHub", () => {
  it("reads fine-grained PAT grants: owner hint, token credential, permissions × repositories", () => {
    const r = parseFixtures("auto", ["github-pat-grants.json"]);
    expect(r.sourceKey).toBe("github:acme");
    const pat = byId(r.identities, "pat/25381");
    expect(pat).toMatchObject({ name: "release-automation", kind: "CI_CD_TOKEN", status: "ACTIVE", ownerHints: ["octocat"], lastUsedAt: new Date("2024-11-29T10:00:00Z") });
    // token_expires_at null = no expiry; access_granted_at with a -07:00 offset.
    expect(pat.credentials).toEqual([expect.objectContaining({ externalId: "98716", type: "TOKEN", expiresAt: null, createdAt: new Date("2023-05-16T15:47:09Z") })]);
    expect(pat.entitlements.map((e) => [e.resource, e.permission, e.privilege, e.sensitivity])).toEqual([
      ["org:acme", "members:read", "READ", "HIGH"],
      ["acme/*", "metadata:read", "READ", "NORMAL"],
      ["acme/*", "contents:write", "WRITE", "HIGH"],
      ["acme/*", "secrets:write", "WRITE", "CRITICAL"],
    ]);
    const expired = byId(r.identities, "pat/25382");
    expect(expired).toMatchObject({ status: "DISABLED" });
    expect(expired.credentials[0]).toMatchObject({ status: "EXPIRED", lastUsedAt: null });
    expect(expired.entitlements.map((e) => e.resource)).toEqual(["acme/(selected repositories)", "acme/(selected repositories)"]);
    expect(r.fullScope).toEqual({ externalIdPrefixes: ["pat/"] });
  });

  it("reads PAT requests as pending (disabled) identities with their reason", () => {
    const r = parseFixtures("auto", ["github-pat-requests.json"]);
    expect(byId(r.identities, "pat-request/777")).toMatchObject({ status: "DISABLED", purpose: "Need to trigger nightly builds" });
  });

  it("reads app installations; suspended = disabled", () => {
    const r = parseFixtures("auto", ["github-installations.json"]);
    const renovate = byId(r.identities, "installation/1001");
    expect(renovate).toMatchObject({ name: "renovate", kind: "OAUTH_APP", status: "ACTIVE", credentials: [] });
    expect(renovate.entitlements.find((e) => e.permission === "members:read")?.resource).toBe("org:acme");
    const old = byId(r.identities, "installation/1002");
    expect(old).toMatchObject({ status: "DISABLED" });
    expect(old.entitlements.find((e) => e.permission === "organization_administration:write")).toMatchObject({ resource: "org:acme", privilege: "WRITE", sensitivity: "CRITICAL" });
  });

  it("reads deploy keys: fingerprint only, read_only → READ, repository from the url", () => {
    const r = parseFixtures("auto", ["github-deploy-keys.json"]);
    const key = byId(r.identities, "deploy-key/acme/infra/4242");
    expect(key).toMatchObject({ kind: "SSH_KEY", ownerHints: ["octocat"] });
    expect(key.credentials[0].fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(key.entitlements).toEqual([expect.objectContaining({ resource: "acme/infra", privilege: "READ" })]);
    expect(byId(r.identities, "deploy-key/acme/infra/4243").entitlements[0].privilege).toBe("WRITE");
    expect(JSON.stringify(r)).not.toMatch(/AAAAC3NzaC1lZDI1NTE5/);
    expect(r.fullScope).toEqual({ externalIdPrefixes: ["deploy-key/acme/infra/"] });
  });

  it("rejects other JSON", () => {
    expect(() => parseImport("github", [fixture("azure-apps.json")])).toThrow(/not a GitHub export/);
  });
});
