import { expect, test } from "@playwright/test";
import { DEMO, login, openHydrated, pickPerson } from "./helpers";

// The owner's side on the demo estate's running campaign (lib/seed/campaign.ts): the inbox, its shortcuts, and
// "keep all used, revoke all unused" with its confirmation.
test.describe("reviews inbox", () => {
  test("the owner's inbox lists only their items, with what is left and the shortcuts", async ({ page }) => {
    await login(page, DEMO.owner);
    await openHydrated(page, "/reviews");
    await expect(page.getByRole("heading", { name: "Your reviews" })).toBeVisible();
    const card = page.getByRole("listitem").filter({ hasText: "Q4 production NHI certification" });
    await expect(card).toContainText(/left of \d+/);
    await card.getByRole("link").click();
    await page.waitForLoadState("networkidle");
    const left = Number(await page.getByTestId("left-count").innerText());
    expect(left).toBeGreaterThan(0);

    // Every item in the list is the owner's: the API agrees, and each one's reviewer is the owner.
    const campaignId = page.url().split("/reviews/")[1].split("?")[0];
    const items = (await (await page.request.get(`/api/v1/campaigns/${campaignId}/items?limit=500`)).json()).data as { reviewer: { email: string } | null }[];
    expect(items.length).toBeGreaterThan(0);
    for (const i of items) expect(i.reviewer?.email).toBe(DEMO.owner);

    await page.keyboard.press("?");
    await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("Accept every suggestion on this item");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });

  test("keep all used, revoke all unused: confirmation with counts, comment required, nothing decided twice", async ({ page }) => {
    await login(page, DEMO.owner);
    await openHydrated(page, "/reviews");
    await page.getByRole("listitem").filter({ hasText: "Q4 production NHI certification" }).getByRole("link").click();
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "Keep used, revoke unused…" }).click();
    const dialog = page.getByRole("dialog", { name: "Keep all used, revoke all unused" });
    await expect(dialog.getByRole("list", { name: "What will be decided" })).toBeVisible();
    const apply = dialog.getByRole("button", { name: /^Apply \d+ decisions$/ });
    const count = Number((await apply.innerText()).match(/\d+/)![0]);
    expect(count).toBeGreaterThan(0);
    // The demo campaign requires a comment to revoke: refused without one, with the reason.
    if (await dialog.getByLabel(/Comment \(required/).isVisible()) {
      await apply.click();
      await expect(dialog.getByRole("alert")).toContainText("requires a comment");
      await dialog.getByLabel(/Comment \(required/).fill("Unused for the whole review window.");
    }
    await apply.click();
    await expect(page.getByRole("status").filter({ hasText: `Decided ${count} grants and credentials` })).toBeVisible();

    // A second run finds nothing left to decide that way.
    await page.getByRole("button", { name: "Keep used, revoke unused…" }).click();
    await expect(page.getByRole("dialog").getByText(/Nothing left to decide this way/)).toBeVisible();
  });

  test("REASSIGN names the new owner from a search; the choice shows after a reload", async ({ page }) => {
    await login(page, DEMO.owner);
    await openHydrated(page, "/reviews");
    await page.getByRole("listitem").filter({ hasText: "Q4 production NHI certification" }).getByRole("link").click();
    await page.waitForLoadState("networkidle");
    const panel = page.getByRole("article", { name: /^Review of / });
    const nhi = panel.getByRole("region", { name: "2. The NHI" });
    await nhi.getByRole("radio", { name: /^Reassign/ }).click();
    // The keyboard path: type, the best match is highlighted, Enter picks it; Escape leaves the choice alone.
    await pickPerson(nhi, "New owner", DEMO.admin);
    await nhi.getByRole("combobox", { name: "New owner" }).press("Escape");
    await expect(nhi.getByRole("combobox", { name: "New owner" })).toHaveValue(/admin@steward\.local/);
    await nhi.getByRole("button", { name: "Reassign", exact: true }).click();
    await expect(nhi.getByText(/^To .*\(admin@steward\.local\) when the campaign closes$/)).toBeVisible();
    const url = page.url();
    const item = (await panel.getAttribute("aria-label"))!;
    await page.waitForLoadState("networkidle");
    await openHydrated(page, url);
    await expect(page.getByRole("article", { name: item }).getByText(/^To .*\(admin@steward\.local\) when the campaign closes$/)).toBeVisible();
  });

  test("security viewers and auditors read campaigns but have no inbox", async ({ page }) => {
    await login(page, DEMO.auditor);
    expect((await page.goto("/reviews"))?.status()).toBe(403);
    expect((await page.goto("/campaigns"))?.status()).toBe(200);
    await expect(page.getByRole("link", { name: "New campaign" })).toHaveCount(0);
  });
});
