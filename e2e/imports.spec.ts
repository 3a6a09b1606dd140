import { expect, test } from "@playwright/test";
import { DEMO, login, openHydrated } from "./helpers";

test.describe("imports", () => {
  test("an admin imports Steward's CSV template and finds the NHIs in the inventory", async ({ page }) => {
    await login(page, DEMO.admin);
    await openHydrated(page, "/imports");
    await page.getByLabel("Export file(s)").setInputFiles("public/templates/steward-import-template.csv");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByText("Import complete")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("table", { name: "Import history" })).toContainText("steward-import-template.csv");
    await page.goto("/inventory?q=Stripe%20live%20key");
    await expect(page.getByRole("table", { name: "Non-human identities" })).toContainText("Stripe live key (payouts)");

    // The same file again changes nothing.
    await openHydrated(page, "/imports");
    await page.getByLabel("Export file(s)").setInputFiles("public/templates/steward-import-template.csv");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByText(/0 new NHIs, 0 updated, 3 unchanged/)).toBeVisible({ timeout: 30_000 });
  });

  test("a file that is no known export is refused with a clear message", async ({ page }) => {
    await login(page, DEMO.admin);
    await openHydrated(page, "/imports");
    await page.getByLabel("Export file(s)").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello, this is not an inventory\n") });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByText("Nothing was imported")).toBeVisible({ timeout: 30_000 });
    // Submitting with no file says so before anything is sent.
    await page.getByLabel("Export file(s)").setInputFiles([]);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByText("Choose an export file first.")).toBeVisible();
  });

  test("owners and read-only roles cannot import", async ({ page }) => {
    await login(page, DEMO.owner);
    const res = await page.goto("/imports");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("link", { name: "Imports" })).toHaveCount(0);
    const api = await page.request.post("/api/v1/imports", { multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") } } });
    expect(api.status()).toBe(403);
    expect((await api.json()).error.code).toBe("forbidden");

    await page.context().clearCookies();
    await login(page, DEMO.ciso);
    expect((await page.goto("/imports"))?.status()).toBe(403);
  });
});
