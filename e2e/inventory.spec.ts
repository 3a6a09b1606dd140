import { expect, test } from "@playwright/test";
import { DEMO, fixtures, login, openHydrated, pickPerson } from "./helpers";

const rows = (page: import("@playwright/test").Page) => page.getByRole("table", { name: "Non-human identities" }).locator("tbody tr");

test.describe("inventory", () => {
  test("admin filters, sorts and pages through the URL", async ({ page }) => {
    await login(page, DEMO.admin);
    await openHydrated(page, "/inventory");
    await expect(page.getByRole("heading", { name: "Inventory" })).toBeVisible();
    await expect(page.getByText(/Showing 1–50 of/)).toBeVisible();

    // Paging: next page is in the URL.
    await page.getByRole("button", { name: /next page/i }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(/Showing 51–100 of/)).toBeVisible();

    // Sorting by name ascending via the header resets the page.
    await page.getByRole("button", { name: /^Name/ }).click();
    await expect(page).toHaveURL(/sort=name/);
    await expect(page).not.toHaveURL(/page=2/);
    // aria-sort comes from the server's props, so it flips only once the re-sorted page has arrived.
    await expect(page.locator('th[aria-sort="ascending"]')).toContainText("Name");
    const names = await rows(page).locator("td:nth-child(2) a").allInnerTexts();
    const firstNames = names.slice(0, 10).map((n) => n.split("\n")[0]);
    expect(firstNames).toEqual([...firstNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));

    // Filters in the URL: AI agents only.
    await page.goto("/inventory?kind=AI_AGENT");
    await expect(rows(page).first()).toContainText("AI agent");
    const kinds = await rows(page).locator("td:nth-child(4)").allInnerTexts();
    expect(kinds.length).toBeGreaterThan(0);
    for (const k of kinds) expect(k).toContain("AI agent");

    // Orphans filter from the toolbar.
    await openHydrated(page, "/inventory");
    await page.getByLabel("Owner", { exact: true }).selectOption("none");
    await expect(page).toHaveURL(/owner=none/);
    await expect(rows(page).first()).toContainText("No owner");
  });

  test("malformed URL params fall back to defaults, never a 500", async ({ page }) => {
    await login(page, DEMO.admin);
    for (const qs of ["page=-1&size=99999&sort=passwordHash&dir=up", "kind=NOPE&riskMin=abc&credAgeOver=-5", "page=999999", "q=%27%3B%20drop%20table"]) {
      const res = await page.goto(`/inventory?${qs}`);
      expect(res?.status(), qs).toBe(200);
      await expect(page.getByRole("heading", { name: "Inventory" })).toBeVisible();
    }
  });

  test("an owner sees only the NHIs they own or back up", async ({ page }) => {
    const f = fixtures();
    await login(page, f.ownerA.email, f.password);
    await page.goto("/inventory");
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText(f.nhiA.name);
    await expect(page.getByText(f.nhiB.name)).toHaveCount(0);
    // The owner filter makes no sense for an owner and is not offered.
    await expect(page.getByLabel("Owner", { exact: true })).toHaveCount(0);
  });

  test("CSV export streams the current filter", async ({ page }) => {
    await login(page, DEMO.admin);
    const res = await page.request.get("/inventory/export?kind=AI_AGENT");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toContain("name,external_id,kind");
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1)) expect(l).toContain("AI agent");
  });

  test("admin bulk-assigns an owner from the selection bar", async ({ page }) => {
    const f = fixtures();
    await login(page, DEMO.admin);
    await openHydrated(page, "/inventory?owner=none&sort=name&dir=asc");
    await page.getByRole("checkbox", { name: /^Select / }).nth(1).check();
    await page.getByRole("checkbox", { name: /^Select / }).nth(2).check();
    await expect(page.getByText("2 selected")).toBeVisible();
    await page.getByRole("button", { name: "Assign owner…" }).click();
    const dialog = page.getByRole("dialog");
    await pickPerson(dialog, "New owner", f.ownerB.email);
    await dialog.getByRole("button", { name: /Assign to 2 NHIs/ }).click();
    await expect(dialog).toBeHidden();
    await page.goto(`/inventory?owner=${f.ownerB.id}`);
    await expect(rows(page)).toHaveCount(3);
  });

  test("security viewer can read but gets no bulk actions", async ({ page }) => {
    await login(page, DEMO.ciso);
    await page.goto("/inventory");
    await expect(page.getByText(/Showing 1–50 of/)).toBeVisible();
    await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  });
});
