import { describe, expect, it } from "vitest";
import { byId, fixture, parseFixtures } from "./__fixtures__/load";
import { awsCredentialReport } from "./aws-credential-report";
import { detectFile, parseImport } from "./index";

const ROOT = "arn:aws:iam::123456789012:root";
const D = (s: string) => new Date(s);

describe("AWS credential report", () => {
  it("reads the raw CSV: root, users, keys, certs and passwords", () => {
    const r = parseFixtures("aws-credential-report", ["aws-credential-report.csv"]);
    expect(r.sourceKey).toBe("aws:123456789012");
    expect(r.identities).toHaveLength(4);

    const root = byId(r.identities, ROOT);
    expect(root.tags["aws:type"]).toBe("root");
    // not_supported password fields: no password credential, no error.
    expect(root.credentials.map((c) => c.externalId)).toEqual(["access_key_1"]);
    expect(root.credentials[0]).toMatchObject({ status: "ACTIVE", lastUsedAt: D("2018-08-01T10:00:00Z"), expiresAt: null });
    expect(root.lastUsedAt).toEqual(D("2018-08-12T17:20:55Z"));

    // no_information: never used (or before tracking began), kept apart from N/A.
    const human = byId(r.identities, "arn:aws:iam::123456789012:user/test_account");
    expect(human.credentials).toEqual([expect.objectContaining({ externalId: "password", type: "PASSWORD", lastUsedAt: null })]);
    expect(human.tags["aws:passwordLastUsed"]).toMatch(/never/);
    expect(human.tags["nhi:heuristic"]).toBe("likely-human");

    // An active key that was never used: active=true with last_used_date=N/A.
    const machine = byId(r.identities, "arn:aws:iam::123456789012:user/test_key_account");
    expect(machine.credentials).toEqual([expect.objectContaining({ externalId: "access_key_1", status: "ACTIVE", lastUsedAt: null, createdAt: D("2018-04-01T09:01:00Z") })]);
    expect(machine.tags["nhi:heuristic"]).toBe("likely-machine");
  });

  it("keeps an inactive key's date, reads booleans case-insensitively, and certs", () => {
    const r = parseFixtures("aws-credential-report", ["aws-credential-report.csv"]);
    const ci = byId(r.identities, "arn:aws:iam::123456789012:user/svc/ci-deployer");
    const [k1, k2, cert] = ci.credentials;
    expect(k1).toMatchObject({ externalId: "access_key_1", status: "INACTIVE", lastRotatedAt: D("2016-01-15T08:02:00Z") });
    expect(k2).toMatchObject({ externalId: "access_key_2", status: "ACTIVE", lastUsedAt: D("2024-11-20T07:45:00Z") });
    // Region N/A for a global service: only the service is named.
    expect(k2.name).toBe("Access key 2 (last used: s3)");
    expect(cert).toMatchObject({ externalId: "cert_1", type: "CERTIFICATE", status: "ACTIVE" });
    expect(ci.lastUsedAt).toEqual(D("2024-11-20T07:45:00Z"));
  });

  it("reports a bad row with its line number and imports the rest", () => {
    const r = parseFixtures("aws-credential-report", ["aws-credential-report.csv"]);
    expect(r.rowErrors).toEqual([expect.objectContaining({ row: 6, message: expect.stringMatching(/arn/) })]);
  });

  it("accepts the CLI JSON with base64 Content and JSON with the CSV already decoded", () => {
    const raw = parseFixtures("aws-credential-report", ["aws-credential-report.csv"]);
    for (const name of ["aws-credential-report-cli.json", "aws-credential-report-decoded.json"]) {
      const r = parseFixtures("auto", [name]);
      expect(r.format).toBe("aws-credential-report");
      expect(r.identities).toEqual(raw.identities);
    }
  });

  it("maps columns by header name, not position (dropped and reordered columns)", () => {
    const r = parseFixtures("auto", ["aws-credential-report-partial.csv"]);
    const id = byId(r.identities, "arn:aws:iam::210987654321:user/etl-loader");
    expect(id.createdAtSource).toEqual(D("2023-02-03T04:00:00Z"));
    expect(id.credentials).toEqual([expect.objectContaining({ externalId: "access_key_1", lastUsedAt: D("2024-10-01T00:00:00Z") })]);
    // Without all credential columns the report cannot say a missing key was deleted.
    expect(id.credentialsComplete).toBe(false);
  });

  it("is a full inventory of the account's users and root, not of its roles", () => {
    const r = parseFixtures("aws-credential-report", ["aws-credential-report.csv"]);
    expect(r.fullScope?.externalIdPrefixes?.sort()).toEqual(["arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/"]);
  });

  it("detects its forms and rejects other files with one clear error", () => {
    expect(detectFile(fixture("aws-credential-report.csv"))?.format.name).toBe("aws-credential-report");
    expect(detectFile(fixture("aws-credential-report-cli.json"))?.format.name).toBe("aws-credential-report");
    expect(awsCredentialReport.detect({ fileName: "x.json", head: "{}", json: {} })).toBe(0);
    expect(() => parseImport("aws-credential-report", [fixture("gcp-service-accounts.json")])).toThrow(/not an AWS credential report/);
  });
});
