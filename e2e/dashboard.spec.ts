import { expect, test, type Page } from "@playwright/test";
import { DEMO, fixtures, login, openHydrated } from "./helpers";

const CHARTS = [
  "Privilege drift",
  "Secret age",
  "Rotation compliance by team",
  "Ownership coverage",
  "Orphans by source",
  "Open findings by severity",
  "Open findings by OWASP NHI Top 10",
  "Risk by source and environment",
  "Active campaign progress by team",
];

const card = (page: Page, title: string) => page.locator(`[data-chart="${title}"]`);
// A navigation's URL changes when the server has rendered the new page: allow for a busy machine.
const NAV = { timeout: 30_000 };

test.describe("CISO dashboard", () => {
  test.beforeEach(async ({ page }) => {
    await login(page, DEMO.ciso);
  });

  test("shows every KPI and every chart with data", async ({ page }) => {
    test.slow();
    await openHydrated(page, "/");
    await expect(page.getByRole("heading", { level: 1, name: "Security posture" })).toBeVisible();
    const tiles = page.getByRole("list", { name: "Key figures" }).getByRole("listitem");
    await expect(tiles).toHaveCount(11);
    // The seed's 180-day history: trends exist, so tiles carry a change.
    await expect(page.locator("[data-kpi=identities]")).toHaveText(/^\d[\d,]*$/);
    await expect(page.getByText(/vs 90 d ago/).first()).toBeVisible();
    for (const title of CHARTS) {
      const c = card(page, title);
      await expect(c, title).toBeVisible();
      await expect(c.getByText("No data for these filters yet.")).toHaveCount(0);
      if (title !== "Risk by source and environment") {
        await expect(c.locator(".recharts-surface").first(), `${title} draws`).toBeVisible();
      }
      // The accessible table alternative has rows.
      expect(await c.locator("tbody tr").count(), `${title} table rows`).toBeGreaterThan(0);
    }
    await expect(card(page, "Risk by source and environment").getByRole("link").first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "Top 10 riskiest NHIs" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Top 10 riskiest NHIs" }).locator("xpath=ancestor::*[@data-slot='card']").locator("li")).toHaveCount(10);
  });

  test("clicking a bar lands on the filtered inventory", async ({ page }) => {
    await openHydrated(page, "/");
    const chart = card(page, "Orphans by source");
    const firstSource = (await chart.locator("tbody tr").first().locator("td").first().innerText()).trim();
    await chart.locator(".recharts-bar-rectangle").first().click();
    await expect(page).toHaveURL(/\/inventory\?.*owner=none/, NAV);
    const url = new URL(page.url());
    expect(url.searchParams.get("owner")).toBe("none");
    expect(url.searchParams.getAll("source")).toHaveLength(1);
    // The inventory applies the filter: every row listed is an orphan in that source.
    await expect(page.getByRole("combobox", { name: "Owner" })).toHaveValue("none");
    await expect(page.getByRole("button", { name: /Filter by source/ })).toContainText(firstSource);
    const rows = page.locator("table tbody tr");
    await expect(rows.first()).toBeVisible();
    await expect(rows.first()).toContainText(firstSource);
  });

  test("a secret-age bar opens the NHIs in that age range", async ({ page }) => {
    await openHydrated(page, "/");
    await card(page, "Secret age").locator(".recharts-bar-rectangle").nth(3).click();
    await expect(page).toHaveURL(/\/inventory\?.*credAgeOver=365/, NAV);
  });

  test("time range and team filters live in the URL", async ({ page }) => {
    test.slow();
    await openHydrated(page, "/");
    await page.getByRole("radio", { name: "30 d" }).click();
    await expect(page).toHaveURL(/range=30/, NAV);
    await expect(page.getByText(/vs 30 d ago/).first()).toBeVisible(NAV);
    const team = page.getByRole("combobox", { name: "Team" });
    await team.selectOption({ label: "Payments" });
    await expect(page).toHaveURL(/team=/, NAV);
    await expect(page.getByText(/team Payments/)).toBeVisible(NAV);
    // A KPI tile keeps the team filter in its click-through.
    const href = await page.getByRole("list", { name: "Key figures" }).getByRole("link").first().getAttribute("href");
    expect(href).toContain(`team=${new URL(page.url()).searchParams.get("team")}`);
  });

  test("the metrics API serves the same series and refuses bad input", async ({ page }) => {
    const res = await page.request.get("/api/v1/metrics/drift?range=30");
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { data: { series: Array<{ granted: number; used: number }> } };
    expect(body.data.series.length).toBeGreaterThan(20);
    expect(body.data.series.length).toBeLessThanOrEqual(30);
    expect(body.data.series.every((d) => d.used <= d.granted)).toBe(true);
    for (const path of ["posture", "rotation"]) {
      expect((await page.request.get(`/api/v1/metrics/${path}`)).status(), path).toBe(200);
    }
    const bad = await page.request.get("/api/v1/metrics/posture?range=7");
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  test("the executive summary is one printable page of the same figures", async ({ page }) => {
    await openHydrated(page, "/");
    await page.getByRole("link", { name: "Executive summary" }).click();
    await expect(page).toHaveURL(/\/summary/, NAV);
    await expect(page.getByRole("heading", { level: 1, name: "Non-human identity posture" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Ownership coverage/ })).toBeVisible();
    await expect(page.getByRole("button", { name: /Print/ })).toBeVisible();
    // Printed (A4 landscape, the print stylesheet), it fits on one page.
    await page.emulateMedia({ media: "print" });
    const pdf = (await page.pdf({ format: "A4", landscape: true, printBackground: true })).toString("latin1");
    expect(pdf.match(/\/Type\s*\/Page(?!s)/g) ?? []).toHaveLength(1);
  });
});

test.describe("owner dashboard", () => {
  test("an owner sees only the figures of their own NHIs", async ({ page }) => {
    const f = fixtures();
    await login(page, f.ownerA.email, f.password);
    await openHydrated(page, "/");
    await expect(page.getByRole("heading", { level: 1, name: /Welcome/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Security posture" })).toHaveCount(0);
    // Owner A owns exactly one NHI (nhiA).
    await expect(page.locator("[data-kpi=identities]")).toHaveText("1");
    await expect(page.getByRole("link", { name: f.nhiA.name })).toBeVisible();
    await expect(page.getByText(f.nhiB.name)).toHaveCount(0);
    // No estate-wide figures for owners, neither in the page nor the API.
    expect((await page.request.get("/api/v1/metrics/posture")).status()).toBe(403);
    expect((await page.request.get("/summary")).status()).toBe(403);
  });
});
