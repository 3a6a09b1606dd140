import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_DIR, fixture, NOW } from "./__fixtures__/load";
import { detectFormat, detectFile, parseImport, toImportFile } from "./index";
import { ValidationError } from "../errors";
import { parseBool, parseTime } from "./util";

const EXPECTED: Record<string, string> = {
  "aws-credential-report.csv": "aws-credential-report",
  "aws-credential-report-cli.json": "aws-credential-report",
  "aws-credential-report-decoded.json": "aws-credential-report",
  "aws-credential-report-partial.csv": "aws-credential-report",
  "aws-authorization-details.json": "aws-authorization-details",
  "aws-authorization-details-filtered.json": "aws-authorization-details",
  "gcp-service-accounts.json": "gcp",
  "gcp-service-accounts-rest.json": "gcp",
  "gcp-keys-etl-runner.json": "gcp",
  "gcp-keys-legacy-rest.json": "gcp",
  "gcp-iam-policy.json": "gcp",
  "azure-sp-graph.json": "azure",
  "azure-sp-legacy.json": "azure",
  "azure-apps.json": "azure",
  "azure-role-assignments.json": "azure",
  "k8s-rbac-list.json": "k8s",
  "k8s-array-of-lists.json": "k8s",
  "k8s-bare-array.json": "k8s",
  "k8s-rbac.yaml": "k8s",
  "github-pat-grants.json": "github",
  "github-pat-requests.json": "github",
  "github-installations.json": "github",
  "github-deploy-keys.json": "github",
  "cyberark-account-report.csv": "cyberark",
  "cyberark-onboarding.csv": "cyberark",
  "generic-bad-rows.csv": "generic",
};

describe("format registry", () => {
  it("detects every fixture's format (--format auto)", () => {
    for (const [name, format] of Object.entries(EXPECTED)) {
      expect([name, detectFormat(name, fs.readFileSync(path.join(FIXTURE_DIR, name))).format.name]).toEqual([name, format]);
    }
  });

  it("never keeps a secret value from any fixture", () => {
    const secrets = /SECRET-PAYLOAD|ewogICJ0eXBl|SUPER-SECRET|PRIVATE-LOOKING|legacy-secret-value|Pa55w0rd|ZXlKaGJH|c2Vjb25kLXNlY3JldA|hunter2|s3cr3t|AAAAC3NzaC1lZDI1NTE5|"Qx~"|privateKeyData|secretText/;
    for (const name of Object.keys(EXPECTED)) {
      let result: unknown;
      try {
        result = parseImport("auto", [fixture(name)], { now: NOW }).result;
      } catch (err) {
        result = (err as Error).message;
      }
      expect([name, JSON.stringify(result)]).not.toEqual([name, expect.stringMatching(secrets)]);
    }
  });

  it("gives one clear error for unrecognised, malformed, empty, binary and mismatched files", () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(err(() => detectFormat("notes.txt", "hello world\nnothing here"))).toMatch(/notes.txt: unrecognised file/);
    expect(err(() => detectFormat("cut.json", '{"UserDetailList": [ {"Arn": '))).toMatch(/cut.json is not valid JSON/);
    expect(err(() => detectFormat("empty.csv", "  \n"))).toMatch(/empty/);
    expect(err(() => detectFormat("x.gz", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00])))).toMatch(/binary/);
    expect(err(() => parseImport("aws-credential-report", [fixture("k8s-rbac.yaml")]))).toMatch(/not an AWS credential report/);
    expect(err(() => parseImport("nope", [fixture("k8s-rbac.yaml")]))).toMatch(/Unknown format "nope"/);
    expect(err(() => parseImport("auto", [fixture("k8s-rbac.yaml"), fixture("github-deploy-keys.json")]))).toMatch(/different formats/);
  });

  it("decodes UTF-16 (Windows PowerShell) and UTF-8 with BOM", () => {
    const text = fs.readFileSync(path.join(FIXTURE_DIR, "aws-credential-report.csv"), "utf8");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const f = toImportFile({ fileName: "report.csv", buffer: utf16 });
    expect(detectFile(f)?.format.name).toBe("aws-credential-report");
    expect(parseImport("auto", [f]).result.identities).toHaveLength(4);
  });

  it("merges duplicate records and caps over-long keys", () => {
    const doc = { format: "steward-import/v1", identities: [
      { externalId: "dup", name: "one", kind: "BOT", credentials: [{ id: "a", type: "TOKEN" }] },
      { externalId: "dup", name: "two", kind: "BOT", credentials: [{ id: "b", type: "TOKEN" }] },
      { externalId: "x".repeat(2000), name: "long", kind: "BOT", entitlements: [{ resource: "r".repeat(5000), permission: "p" }] },
    ] };
    const r = parseImport("generic", [{ fileName: "d.json", buffer: JSON.stringify(doc) }]).result;
    expect(r.identities).toHaveLength(2);
    expect(r.identities[0].credentials.map((c) => c.externalId)).toEqual(["a", "b"]);
    expect(r.identities[1].externalId.length).toBeLessThanOrEqual(500);
    expect(r.identities[1].entitlements[0].resource.length).toBeLessThanOrEqual(900);
  });
});

describe("timestamps and booleans", () => {
  it("accepts Z, offsets, a space for T, 0-7 fractional digits, date-only and epoch", () => {
    const cases: [string | number, string][] = [
      ["2018-08-12T17:20:55+00:00", "2018-08-12T17:20:55.000Z"],
      ["2014-07-30T17:09:20Z", "2014-07-30T17:09:20.000Z"],
      ["2019-01-20 18:48:00+00:00", "2019-01-20T18:48:00.000Z"],
      ["2023-07-13T11:33:20.000+02:00", "2023-07-13T09:33:20.000Z"],
      ["2019-04-14T03:47:26.051361Z", "2019-04-14T03:47:26.051Z"],
      ["2021-01-02T03:04:05.1234567Z", "2021-01-02T03:04:05.123Z"],
      ["2024-11-02", "2024-11-02T00:00:00.000Z"],
      ["2024-11-02T10:00:00+0530", "2024-11-02T04:30:00.000Z"],
      [1700000000, "2023-11-14T22:13:20.000Z"],
      ["11/23/2024 01:02:03 PM", "2024-11-23T13:02:03.000Z"],
    ];
    for (const [input, iso] of cases) expect([input, parseTime(input)?.toISOString()]).toEqual([input, iso]);
  });

  it("turns sentinels into null and rejects garbage", () => {
    for (const s of ["N/A", "no_information", "not_supported", "", "Never Changed", "Pending First Change", null, undefined]) expect(parseTime(s)).toBeNull();
    expect(() => parseTime("yesterday")).toThrow(/unrecognised timestamp/);
    expect(["true", "TRUE", "False", "yes", "maybe"].map(parseBool)).toEqual([true, true, false, true, undefined]);
  });
});
