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

  test("an admin jumps to the last page and steps back: exactly the end of the list", async ({ page }) => {
    await login(page, DEMO.admin);
    const table = page.getByRole("table", { name: "Findings" });
    const status = page.getByText(/^Page [\d,]+ of [\d,]+$/);
    // A row as the user tells it apart: the finding, its summary and the NHI's link.
    const rows = async () =>
      table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => `${tr.children[1]?.textContent} | ${tr.children[2]?.querySelector("a")?.getAttribute("href")}`));
    // Oldest first; its exact reverse, newest first, read from the start of the list, is the reference.
    await page.goto("/findings?sort=firstSeen&dir=desc&size=25");
    await expect(table.locator("tbody tr").first()).toBeVisible();
    const newest = await rows();
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/page=2\b/);
    newest.push(...(await rows()));
    expect(newest).toHaveLength(50);

    await page.goto("/findings?sort=firstSeen&dir=asc&size=25");
    await expect(table.locator("tbody tr").first()).toBeVisible();
    const pages = Number((await status.innerText()).replace(/,/g, "").split(" of ")[1]);
    // Deep enough that the server skips rows from the end of the list (lib/db/deep-page.ts, beyond 1,000 rows).
    expect(pages).toBeGreaterThan(41);
    await page.getByRole("button", { name: "Last page" }).click();
    await expect(page).toHaveURL(new RegExp(`page=${pages}\\b`));
    await expect(status).toHaveText(`Page ${pages.toLocaleString("en")} of ${pages.toLocaleString("en")}`);
    const last = await rows();
    expect(last.length).toBeGreaterThan(0);
    expect(last).toEqual(newest.slice(0, last.length).reverse());

    await page.getByRole("button", { name: "Previous page" }).click();
    await expect(page).toHaveURL(new RegExp(`page=${pages - 1}\\b`));
    expect(await rows()).toEqual(newest.slice(last.length, last.length + 25).reverse());
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

  test("findings export as CSV and through the API, in the viewer's scope", async ({ page }) => {
    await login(page, DEMO.ciso);
    await page.goto("/findings?severity=CRITICAL");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^steward-findings-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await (await import("node:fs")).promises.readFile((await file.path())!, "utf8");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toMatch(/^id,rule,title,owasp,severity,status/);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1)) expect(l).toContain(",CRITICAL,OPEN,");

    const first = await page.request.get("/api/v1/findings?limit=5&severity=CRITICAL");
    expect(first.status()).toBe(200);
    const body = (await first.json()) as { data: Array<{ id: string; severity: string }>; nextCursor: string | null };
    expect(body.data).toHaveLength(5);
    expect(body.data.every((f) => f.severity === "CRITICAL")).toBe(true);
    const next = (await (await page.request.get(`/api/v1/findings?limit=5&severity=CRITICAL&cursor=${body.nextCursor}`)).json()) as typeof body;
    expect(next.data.some((f) => body.data.some((g) => g.id === f.id))).toBe(false);
    expect((await page.request.get("/api/v1/findings?limit=0")).status()).toBe(400);

    const rules = (await (await page.request.get("/api/v1/rules")).json()) as { data: Array<{ id: string; owasp: { id: string }; nist: unknown[]; counts: { open: number } }> };
    expect(rules.data.length).toBeGreaterThanOrEqual(20);
    expect(rules.data.every((r) => /^NHI\d+$/.test(r.owasp.id) && r.nist.length > 0)).toBe(true);
    expect(rules.data.some((r) => r.counts.open > 0)).toBe(true);
  });

  test("an owner's findings API holds only their NHIs; anonymous calls are refused", async ({ page }) => {
    expect((await page.request.get("/api/v1/findings")).status()).toBe(401);
    await login(page, DEMO.owner);
    const res = (await (await page.request.get("/api/v1/findings?limit=500&status=ALL")).json()) as { data: Array<{ identity: { id: string } }> };
    expect(res.data.length).toBeGreaterThan(0);
    // Every NHI behind them opens for this owner (another owner's NHI would be a 404).
    for (const id of [...new Set(res.data.map((f) => f.identity.id))].slice(0, 5)) {
      expect((await page.request.get(`/inventory/${id}`)).status()).toBe(200);
    }
    const ciso = await page.context().browser()!.newContext({ baseURL: test.info().project.use.baseURL });
    const cisoPage = await ciso.newPage();
    await login(cisoPage, DEMO.ciso);
    const all = (await (await cisoPage.request.get("/api/v1/findings?limit=500&status=ALL")).json()) as { data: unknown[] };
    expect(all.data.length).toBeGreaterThan(res.data.length);
    await ciso.close();
  });
});
