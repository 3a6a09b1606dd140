import { expect, test } from "@playwright/test";
import { DEMO, fixtures, login, openHydrated, pickPerson } from "./helpers";

test.describe("NHI detail", () => {
  test("shows identity facts, credentials, entitlements and activity", async ({ page }) => {
    await login(page, DEMO.admin);
    await page.goto("/inventory");
    const first = page.getByRole("table", { name: "Non-human identities" }).locator("tbody tr").first().getByRole("link");
    const name = (await first.innerText()).split("\n")[0];
    await first.click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Accountability" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Credentials" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Entitlements" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
  });

  test("an owner edits the purpose and the change appears in the activity", async ({ page }) => {
    const f = fixtures();
    await login(page, f.ownerA.email, f.password);
    await openHydrated(page, `/inventory/${f.nhiA.id}`);
    const purpose = `Reconciles card settlements nightly (${Date.now()}).`;
    await page.getByLabel("Purpose", { exact: true }).fill("too short");
    await page.getByRole("button", { name: "Save and confirm purpose" }).click();
    await expect(page.getByText(/at least 10 characters/)).toBeVisible();
    await page.getByLabel("Purpose", { exact: true }).fill(purpose);
    await page.getByRole("button", { name: "Save and confirm purpose" }).click();
    await expect(page.getByText("Purpose saved and confirmed.")).toBeVisible();
    const activity = page.getByRole("list", { name: "Activity" });
    await expect(activity).toContainText(f.ownerA.email);
    await expect(activity).toContainText(purpose);
  });

  test("an owner opening another owner's NHI gets 404", async ({ page }) => {
    const f = fixtures();
    await login(page, f.ownerA.email, f.password);
    const res = await page.goto(`/inventory/${f.nhiB.id}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByText("NHI not found")).toBeVisible();
    const missing = await page.goto("/inventory/does-not-exist");
    expect(missing?.status()).toBe(404);
  });

  test("an admin reassigns the owner; read-only roles get no edit form", async ({ page }) => {
    const f = fixtures();
    await login(page, DEMO.admin);
    await openHydrated(page, `/inventory/${f.nhiC.id}`);
    await pickPerson(page, "Backup owner", f.ownerB.email, { click: true });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("Saved. The change is in the audit log.")).toBeVisible();
    await expect(page.getByRole("list", { name: "Activity" })).toContainText(DEMO.admin);

    await page.context().clearCookies();
    await login(page, DEMO.auditor);
    await page.goto(`/inventory/${f.nhiC.id}`);
    await expect(page.getByRole("heading", { name: "Accountability" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Save/ })).toHaveCount(0);
  });
});
