import { describe, expect, it } from "vitest";
import { byId, parseFixtures } from "./__fixtures__/load";

describe("CyberArk account report", () => {
  const r = parseFixtures("auto", ["cyberark-account-report.csv"]);

  it("reads the PVWA report (BOM, quoted blanks, True/False, locale dates and sentinels)", () => {
    expect(r.format).toBe("cyberark");
    expect(r.identities).toHaveLength(4);
    const backup = byId(r.identities, "Operating System-WinDomain-db01-svc_backup");
    expect(backup).toMatchObject({ name: "svc_backup@db01.corp.acme.example", kind: "SERVICE_ACCOUNT", ownerHints: ["safe:Prod-DB"] });
    expect(backup.credentials[0]).toMatchObject({ type: "PASSWORD", storage: "cyberark:Prod-DB", lastRotatedAt: new Date("2024-11-23T13:02:03Z") });
    expect(backup.tags["cyberark:managed"]).toBe("true");
    const root = byId(r.identities, "Operating System-UnixSSHKeys-10.0.4.17-root");
    expect(root).toMatchObject({ kind: "SSH_KEY" });
    expect(root.credentials[0]).toMatchObject({ type: "SSH_KEY", lastRotatedAt: null });
    expect(root.tags).toMatchObject({ "cyberark:changeLast": "Never Changed", "cyberark:manualManagementReason": "(CPM)MaxRetries", "cyberark:managed": "false" });
    // An AWS access key ID as UserName.
    expect(byId(r.identities, "Cloud Service-AWSAccessKeys-AKIAIOSFODNN7EXAMPLE")).toMatchObject({ kind: "API_KEY", credentials: [expect.objectContaining({ type: "ACCESS_KEY" })] });
    // Day over 12: day/month order.
    expect(byId(r.identities, "Operating System-WinDomain-db02-svc_report").credentials[0].lastRotatedAt).toEqual(new Date("2023-12-31T23:00:00Z"));
    expect(r.warnings.join("\n")).toMatch(/locale date/);
  });

  it("reports a row without UserName, and is a full inventory", () => {
    expect(r.rowErrors).toEqual([expect.objectContaining({ row: 5, message: "Missing UserName" })]);
    expect(r.fullScope).toEqual({});
  });

  it("reads dates day/month first when asked; an impossible date is left empty with a warning", () => {
    const dmy = parseFixtures("cyberark", ["cyberark-account-report.csv"], { dateOrder: "DMY" });
    expect(byId(dmy.identities, "Operating System-WinDomain-db02-svc_report").credentials[0].lastRotatedAt).toEqual(new Date("2023-12-31T23:00:00Z"));
    expect(byId(dmy.identities, "Operating System-WinDomain-db01-svc_backup").credentials[0].lastRotatedAt).toBeNull();
    expect(dmy.warnings.join("\n")).toMatch(/ChangeLast: unrecognised timestamp "11\/23\/2024/);
    expect(dmy.warnings.join("\n")).not.toMatch(/locale date/);
  });

  it("never reads the onboarding template's password column", () => {
    const onb = parseFixtures("auto", ["cyberark-onboarding.csv"]);
    expect(onb.identities).toHaveLength(1);
    expect(JSON.stringify(onb.identities)).not.toMatch(/Pa55w0rd/);
    expect(onb.warnings.join("\n")).toMatch(/password were ignored/);
  });
});
