import { describe, expect, it } from "vitest";
import { byId, fixture, parseFixtures } from "./__fixtures__/load";
import { awsActionPrivilege, decodePolicyDocument } from "./aws-policy";
import { parseImport } from "./index";

const A = "arn:aws:iam::123456789012:";
const ent = (list: { resource: string; permission: string }[], resource: string, permission?: string) =>
  list.find((e) => e.resource === resource && (permission === undefined || e.permission === permission));

describe("AWS get-account-authorization-details", () => {
  const r = parseFixtures("auto", ["aws-authorization-details.json"]);

  it("imports users and roles keyed by Arn, with tags, owner hints and environment", () => {
    expect(r.format).toBe("aws-authorization-details");
    expect(r.sourceKey).toBe("aws:123456789012");
    expect(r.identities.map((i) => i.externalId).sort()).toEqual([
      `${A}role/app-web`, `${A}role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
      `${A}role/partner-audit`, `${A}user/legacy-admin`, `${A}user/svc/ci-deployer`,
    ]);
    const ci = byId(r.identities, `${A}user/svc/ci-deployer`);
    expect(ci).toMatchObject({ kind: "SERVICE_ACCOUNT", environment: "PROD", ownerHints: ["dana.ops@acme.example"], credentialsComplete: false, entitlementsComplete: true });
    expect(ci.tags["aws:permissionsBoundary"]).toBe(`${A}policy/boundary`);
    expect(r.rowErrors).toEqual([expect.objectContaining({ path: "$.UserDetailList[2]" })]);
  });

  it("expands inline (URL-encoded), group (JSON string, Statement object) and managed policies (default version)", () => {
    const ci = byId(r.identities, `${A}user/svc/ci-deployer`).entitlements;
    // URL-encoded inline policy; the Deny statement grants nothing.
    expect(ent(ci, `${A}role/app-*`)).toMatchObject({ permission: "iam:PassRole", privilege: "ADMIN", via: "INLINE", viaName: "pass-role" });
    expect(ci.some((e) => e.resource === "*")).toBe(false);
    // Group inline policy given as a JSON string with Statement as an object, Action as an array, Condition kept.
    expect(ent(ci, "arn:aws:s3:::artifacts/*")).toMatchObject({
      permission: "s3:GetObject, s3:PutObject", privilege: "WRITE", via: "GROUP", viaName: "deployers: s3-artifacts",
      condition: { Condition: { Bool: { "aws:SecureTransport": "true" } } },
    });
    // Group managed policy listed as an object (aws-cli doc): only the default version (v2) is in effect, not v1's "*".
    expect(ent(ci, "arn:aws:ecs:us-east-1:123456789012:service/prod/*")).toMatchObject({ permission: "ecs:UpdateService", privilege: "WRITE", via: "GROUP" });
    // A managed policy missing from Policies[] is kept by name.
    expect(ent(ci, "arn:aws:iam::aws:policy/ReadOnlyAccess")).toMatchObject({ permission: "policy:ReadOnlyAccess", privilege: "READ", via: "MANAGED" });
    expect(r.warnings.join("\n")).toMatch(/ReadOnlyAccess is not in Policies/);
  });

  it("rates AdministratorAccess and NotAction on * as ADMIN on a critical resource", () => {
    const admin = byId(r.identities, `${A}user/legacy-admin`).entitlements;
    expect(admin).toEqual([expect.objectContaining({ resource: "*", permission: "*", privilege: "ADMIN", sensitivity: "CRITICAL", via: "MANAGED", viaName: "AdministratorAccess" })]);
    const partner = byId(r.identities, `${A}role/partner-audit`).entitlements;
    expect(ent(partner, "*", "NOT account:*, iam:*, organizations:*")).toMatchObject({ privilege: "ADMIN" });
  });

  it("reads RoleLastUsed in its three shapes and the trust policy", () => {
    const web = byId(r.identities, `${A}role/app-web`);
    expect(web).toMatchObject({ kind: "WORKLOAD_IDENTITY", lastUsedAt: new Date("2024-11-30T12:00:00Z") });
    expect(web.tags["aws:trustedServices"]).toBe("ec2.amazonaws.com");
    const partner = byId(r.identities, `${A}role/partner-audit`);
    // {} → unknown or not used in 400 days, never "never used".
    expect(partner.lastUsedAt).toBeNull();
    expect(partner.tags["aws:lastUsed"]).toMatch(/400 days/);
    // URL-encoded trust policy naming another account.
    expect(partner.tags["aws:crossAccount"]).toBe("arn:aws:iam::999988887777:root");
    const slr = r.identities.find((i) => i.name === "AWSServiceRoleForElasticLoadBalancing")!;
    // Absent RoleLastUsed, service-linked role path, "2019-01-20 18:48:00+00:00" timestamp style.
    expect(slr).toMatchObject({ platformManaged: true, lastUsedAt: null, createdAtSource: new Date("2019-01-20T18:48:00Z") });
  });

  it("treats a missing list as 'not in this file', never as 'nothing exists'", () => {
    expect(r.fullScope?.externalIdPrefixes).toEqual([`${A}user/`, `${A}role/`]);
    const filtered = parseFixtures("auto", ["aws-authorization-details-filtered.json"]);
    expect(filtered.fullScope?.externalIdPrefixes).toEqual([`${A}user/`]);
    expect(filtered.warnings.join("\n")).toMatch(/RoleDetailList is not in the file/);
  });

  it("decodes policy documents and rates actions", () => {
    const doc = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: "*" } };
    expect(decodePolicyDocument(doc)).toEqual(doc);
    expect(decodePolicyDocument(JSON.stringify(doc))).toEqual(doc);
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    expect(decodePolicyDocument("%7Bbroken")).toBeNull();
    expect(["*", "iam:*", "iam:CreateAccessKey", "s3:GetObject", "ec2:DescribeInstances", "s3:PutObject", "s3:*"].map(awsActionPrivilege))
      .toEqual(["ADMIN", "ADMIN", "ADMIN", "READ", "READ", "WRITE", "WRITE"]);
  });

  it("rejects a file that is not an authorization-details export", () => {
    expect(() => parseImport("aws-authorization-details", [fixture("k8s-bare-array.json")])).toThrow(/not the output of "aws iam get-account-authorization-details"/);
  });
});
