import { expect, test } from "@playwright/test";
import { DEMO, login } from "./helpers";

test.describe("findings", () => {
  test("the CISO sees findings by OWASP NHI risk and filters them", async ({ page }) => {
    await login(page, DEMO.ciso);
    await page.goto("/findings");
    await expect(page.getByRole("heading", { name: "Findings" })).toBeVisible();
    const table = page.getByRole("table", { name: "Findings" });
    await expect(table.locator("tbody tr").first()).toBeVisible();
    // Worst first: severities never increase down the page.
    const order = ["Critical", "High", "Medium", "Low", "Info"];
    const sev = (await table.locator("tbody tr td:nth-child(1)").allInnerTexts()).map((t) => order.indexOf(t.trim()));
    expect(sev.every((v) => v >= 0)).toBe(true);
    expect(sev).toEqual([...sev].sort((a, b) => a - b));
    const nhi1 = page.getByRole("navigation", { name: "Findings by OWASP NHI risk" }).getByRole("link", { name: /^NHI1\b/ });
    await nhi1.click();
    await expect(page).toHaveURL(/owasp=NHI1/);
    // Rendered by the server from the new query: the filtered page has arrived.
    await expect(nhi1).toHaveAttribute("aria-current", "true");
    const owasp = await table.locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(owasp.length).toBeGreaterThan(0);
    for (const t of owasp) expect(t).toContain("NHI1");
  });

  test("an owner sees only findings on their own NHIs, and each NHI lists its findings", async ({ page }) => {
    await login(page, DEMO.owner);
    await page.goto("/inventory");
    await expect(page.getByRole("table", { name: "Non-human identities" }).locator("tbody tr").first()).toBeVisible();
    const mine = new Set((await page.getByRole("table", { name: "Non-human identities" }).locator("tbody tr td:first-child a").allInnerTexts()).map((t) => t.split("\n")[0]));
    await page.goto("/findings?size=200");
    await expect(page.getByRole("table", { name: "Findings" }).locator("tbody tr").first()).toBeVisible();
    const names = await page.getByRole("table", { name: "Findings" }).locator("tbody tr td:nth-child(3) a").allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(mine.has(n)).toBe(true);
    await page.getByRole("table", { name: "Findings" }).locator("tbody tr td:nth-child(3) a").first().click();
    await expect(page.getByRole("list", { name: "Findings" })).toBeVisible();
  });
});
