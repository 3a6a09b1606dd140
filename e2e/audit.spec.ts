import { expect, test, type APIRequestContext } from "@playwright/test";
import { verifyExportFile } from "../lib/audit/chain";
import { GENESIS_HASH } from "../lib/audit/hash";
import { DEMO, fixtures, login, openHydrated } from "./helpers";

async function signInOverHttp(api: APIRequestContext, email: string, password: string): Promise<boolean> {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await api.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" } });
  return (await api.storageState()).cookies.some((c) => c.name.endsWith("next-auth.session-token"));
}

test.describe("audit log", () => {
  test("sign-in failures and successes are recorded and filterable by actor and action", async ({ page, playwright }, info) => {
    const f = fixtures();
    const user = f.security.signinUser;
    const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
    expect(await signInOverHttp(api, user.email, "not-the-password")).toBe(false);
    expect(await signInOverHttp(api, user.email, f.password)).toBe(true);
    await api.dispose();

    await login(page, DEMO.auditor);
    await openHydrated(page, `/audit?actor=${encodeURIComponent(user.email)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    const table = page.getByRole("table", { name: "Audit events" });
    await expect(table.getByRole("row").filter({ hasText: "Sign-in failed" })).toHaveCount(1);
    await expect(table.getByRole("row").filter({ hasText: "Signed in" })).toHaveCount(1);
    // The password tried is never recorded.
    expect(await page.content()).not.toContain("not-the-password");

    // Filter by action in the UI: only that action remains, across actors. (Retried: a change made before React
    // has hydrated the page is lost.)
    await expect(async () => {
      await page.getByLabel("Actor e-mail").fill("");
      await page.getByLabel("Actor e-mail").press("Enter");
      await expect(page).not.toHaveURL(/actor=/, { timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await page.getByLabel("Action").selectOption("auth.signin.failure");
    await expect(page).toHaveURL(/action=auth\.signin\.failure/);
    const actions = await table.locator("tbody tr code").allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(["auth.signin.failure"]));
  });

  test("an edit shows its before/after diff and hashes; exports carry the chain head and verify", async ({ page }) => {
    const f = fixtures();
    await login(page, DEMO.admin);
    await openHydrated(page, `/inventory/${f.security.nhi.id}`);
    // The fixture NHI starts at the default criticality. (Its value is not read from the page: before hydration
    // the select shows its first option.)
    const current = "MEDIUM";
    const next = "CRITICAL";
    await expect(async () => {
      await page.getByLabel("Criticality").selectOption(next);
      await expect(page.getByRole("button", { name: "Save changes" })).toBeEnabled({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved. The change is in the audit log.")).toBeVisible();

    await openHydrated(page, `/audit?targetId=${f.security.nhi.id}&action=identity.update`);
    const row = page.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: "NHI edited" }).first();
    await expect(row).toContainText(DEMO.admin);
    await expect(row).toContainText(`criticality: ${current}`);
    await expect(row).toContainText(next);
    await row.getByRole("button", { name: /Details of event/ }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("rowheader", { name: "criticality" })).toBeVisible();
    await expect(dialog.getByRole("row").filter({ hasText: "criticality" })).toContainText(current);
    await expect(dialog.getByRole("row").filter({ hasText: "criticality" })).toContainText(next);
    await expect(dialog.getByText(/^[0-9a-f]{64}$/).first()).toBeVisible();
    await page.keyboard.press("Escape");

    // The chain head is on the page; the unfiltered JSON export ends at it and verifies from the genesis.
    await openHydrated(page, "/audit");
    const head = (await page.getByTestId("chain-head").textContent())!.trim();
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    const json = await page.request.get("/api/v1/audit/export?format=json");
    expect(json.status()).toBe(200);
    expect(json.headers()["content-disposition"]).toMatch(/attachment; filename="steward-audit-.*\.json"/);
    const text = await json.text();
    const doc = JSON.parse(text);
    expect(doc.linked).toBe(true);
    expect(doc.events[0].prevHash).toBe(GENESIS_HASH);
    expect(doc.chainHead.hash).toBe(doc.events.at(-1).hash);
    expect(json.headers()["x-steward-audit-chain-head"]).toBe(doc.chainHead.hash);
    // The head shown earlier is still in the chain (the export event came after it).
    expect(doc.events.some((e: { hash: string }) => e.hash === head)).toBe(true);
    const verified = verifyExportFile(text);
    expect("result" in verified && verified.result.ok).toBe(true);

    // The CSV button exports the current filter with the head in its first line.
    await openHydrated(page, `/audit?action=identity.update`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^steward-audit-.*-head-[0-9a-f]{12}\.csv$/);
    const csv = await (await page.request.get("/api/v1/audit/export?format=csv&action=identity.update")).text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toMatch(/^# Steward audit log export .* chain head seq \d+ sha256 [0-9a-f]{64}$/);
    expect(lines[1]).toBe("seq,id,at,actor_id,actor_email,action,target_type,target_id,before,after,meta,prev_hash,hash");
    expect(lines.slice(2).every((l) => l.includes(",identity.update,"))).toBe(true);
  });

  test("the nav shows the audit log to admins and auditors only", async ({ page }) => {
    await login(page, DEMO.ciso);
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
    await page.context().clearCookies();
    await login(page, DEMO.auditor);
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toBeVisible();
  });
});
