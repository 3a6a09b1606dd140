import { expect, test } from "@playwright/test";
import { DEMO, login, openHydrated } from "./helpers";

test.describe("rotation policies", () => {
  test("an admin previews a stricter policy, sees what it would make overdue, saves it, then deletes it", async ({ page }) => {
    await login(page, DEMO.admin);
    await openHydrated(page, "/settings/rotation-policies");
    const table = page.getByRole("table", { name: "Rotation policies" });
    await expect(table).toContainText("No policy matches (default)");
    const name = `Prod service accounts ${Date.now()}`;
    await page.getByRole("button", { name: "New policy" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Kind").selectOption("SERVICE_ACCOUNT");
    await dialog.getByLabel("Environment").selectOption("PROD");
    await dialog.getByLabel("Max age (days)").fill("7");
    await dialog.getByLabel("Priority (lower wins)").fill("1");
    await dialog.getByRole("button", { name: "Preview impact" }).click();
    const preview = dialog.getByRole("status", { name: "Impact preview" });
    await expect(preview).toContainText(/Saving it would make \d+ compliant credentials? overdue/);
    await expect(preview.locator("tbody tr").first()).toBeVisible();
    // Changing a field invalidates the preview: it must be seen again before saving.
    await dialog.getByLabel("Max age (days)").fill("8");
    await expect(dialog.getByRole("button", { name: "Preview impact" })).toBeVisible();
    await dialog.getByRole("button", { name: "Preview impact" }).click();
    await dialog.getByRole("button", { name: "Save policy" }).click();
    await expect(dialog).toBeHidden();
    const row = table.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("8 days");

    await row.getByRole("button", { name: `Edit ${name}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete…" }).click();
    await expect(page.getByRole("dialog").getByRole("status", { name: "Impact preview" })).toContainText("Deleting it would");
    await page.getByRole("dialog").getByRole("button", { name: "Delete policy" }).click();
    await expect(table.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  });

  test("bad input is refused with a clear message; the CISO reads but cannot edit; owners cannot open it", async ({ page, browser }) => {
    await login(page, DEMO.admin);
    await openHydrated(page, "/settings/rotation-policies");
    await page.getByRole("button", { name: "New policy" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("x");
    await dialog.getByLabel("Max age (days)").fill("0");
    await dialog.getByRole("button", { name: "Preview impact" }).click();
    await expect(dialog).toContainText("at least 3 characters");
    await expect(dialog).toContainText("At least 1 day.");
    const api = await page.request.post("/api/v1/rotation-policies", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
    expect(api.status()).toBe(400);
    expect((await api.json()).error.message).toContain("not valid JSON");

    const ciso = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const cisoPage = await ciso.newPage();
    await login(cisoPage, DEMO.ciso);
    await cisoPage.goto("/settings/rotation-policies");
    await expect(cisoPage.getByRole("table", { name: "Rotation policies" })).toBeVisible();
    await expect(cisoPage.getByRole("button", { name: "New policy" })).toHaveCount(0);
    expect((await cisoPage.request.post("/api/v1/rotation-policies", { data: { name: "Sneaky", maxAgeDays: 5 } })).status()).toBe(403);
    await ciso.close();

    const owner = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const ownerPage = await owner.newPage();
    await login(ownerPage, DEMO.owner);
    expect((await ownerPage.goto("/settings/rotation-policies"))?.status()).toBe(403);
    await owner.close();
  });
});
