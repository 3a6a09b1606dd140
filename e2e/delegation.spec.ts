import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { unzipText } from "../lib/testing/unzip";
import { DEMO, fixtures, login, openHydrated, pickPerson } from "./helpers";

// Delegation and ownership handover, in order: the admin launches a campaign over the delegator's NHIs; the
// delegator delegates it; the delegate decides an item for them; the admin sees both names on the item and in the
// evidence pack; after the delegation is revoked the delegate sees nothing; a handed-over NHI can be accepted only by
// the person it was offered to.
test.describe.configure({ mode: "serial" });

let campaignId = "";
let itemId = "";
const name = `E2E delegation ${Date.now()}`;

/** Screenshots of the new UI for review, when SCREENSHOTS_DIR is set. */
async function shot(page: Page, file: string) {
  const dir = process.env.SCREENSHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${file}.png`, fullPage: true });
}

test("the admin launches a campaign over the delegator's NHIs", async ({ page }) => {
  const f = fixtures().delegation;
  await login(page, DEMO.admin);
  await openHydrated(page, "/campaigns/new");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("group", { name: "Sources" }).getByRole("checkbox", { name: f.sourceKey, exact: true }).click();
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new$)[^/]+$/);
  campaignId = page.url().split("/").pop()!;
  expect((await page.request.post(`/api/v1/campaigns/${campaignId}/launch`)).status()).toBe(200);
});

test("the delegator delegates this campaign; bad input is refused with a message", async ({ page }) => {
  const f = fixtures();
  const d = f.delegation;
  await login(page, d.delegator.email, f.password);
  await openHydrated(page, "/reviews");
  await page.getByRole("button", { name: "Delegate my reviews" }).click();
  const dialog = page.getByRole("dialog", { name: "Delegate my reviews" });
  // Nobody chosen: the form says so.
  await dialog.getByRole("button", { name: "Delegate" }).click();
  await expect(dialog.getByText("Choose who reviews for you")).toBeVisible();
  await pickPerson(dialog, "Delegate to", d.delegate.email);
  await dialog.getByLabel("Reviews").selectOption({ label: `Only: ${name}` });
  await dialog.getByLabel("Reason (optional)").fill("On leave for a week");
  await shot(page, "delegate-dialog");
  await dialog.getByRole("button", { name: "Delegate" }).click();
  await expect(dialog).toHaveCount(0);
  const row = page.getByTestId("delegation-row").filter({ hasText: name });
  await expect(row).toContainText(d.delegate.name);
  await expect(row).toContainText("Active");
  await expect(row).toContainText("On leave for a week");
  await shot(page, "reviews-delegations");

  // Delegating to oneself is refused by the server as well (API).
  const self = await page.request.post("/api/v1/delegations", { data: { delegateId: d.delegator.id, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() } });
  expect(self.status()).toBe(400);
  expect((await self.json()).error.message).toMatch(/yourself/);
});

test("the delegate sees the delegator's items marked for them and decides one", async ({ page }) => {
  const f = fixtures();
  const d = f.delegation;
  await login(page, d.delegate.email, f.password);
  await openHydrated(page, "/reviews");
  const card = page.getByRole("list", { name: "Your campaigns" }).getByRole("listitem").filter({ hasText: name });
  await expect(card).toContainText(`Includes items you decide for ${d.delegator.name}`);
  await card.getByRole("link").click();
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("navigation", { name: "Your items" }).getByText(`for ${d.delegator.name}`).first()).toBeVisible();
  await expect(page.getByTestId("acting-for")).toContainText(d.delegator.name);
  await shot(page, "delegate-inbox");
  // Every suggestion is "keep" (the grants are in use): accept them all.
  await page.keyboard.press("a");
  await expect(page.getByTestId("item-status")).toContainText("Decided and saved");
  itemId = new URL(page.url()).searchParams.get("item") ?? "";
  if (!itemId) {
    const items = (await (await page.request.get(`/api/v1/campaigns/${campaignId}/items?limit=10`)).json()).data as { id: string; decidedAt: string | null }[];
    itemId = items.find((i) => i.decidedAt)!.id;
  }
  const detail = (await (await page.request.get(`/api/v1/review-items/${itemId}`)).json()).data as { decisions: { decidedById: string; reviewerOfRecordId: string }[] };
  expect(detail.decisions.length).toBeGreaterThan(0);
  for (const x of detail.decisions) expect(x).toMatchObject({ decidedById: d.delegate.id, reviewerOfRecordId: d.delegator.id });
});

test("the admin sees both names: on the item and in the evidence pack", async ({ page }) => {
  const d = fixtures().delegation;
  await login(page, DEMO.admin);
  await openHydrated(page, `/campaigns/${campaignId}/items/${itemId}`);
  const identityRow = page.getByRole("row").filter({ hasText: "Confirm" }).first();
  await expect(identityRow).toContainText(d.delegate.name);
  await expect(identityRow).toContainText(d.delegator.name);
  await openHydrated(page, `/campaigns/${campaignId}`);
  await expect(page.getByTestId("campaign-delegations")).toContainText(`${d.delegator.name} → ${d.delegate.name}`);
  await expect(page.getByRole("heading", { name: "Review quality" })).toBeVisible();
  await shot(page, "campaign-quality-delegations");

  const res = await page.request.get(`/campaigns/${campaignId}/evidence`);
  expect(res.status()).toBe(200);
  const files = unzipText(Buffer.from(await res.body()));
  const confirm = files["decisions.csv"].split("\n").find((l) => l.includes(",IDENTITY,") && l.includes(",CONFIRM,"))!;
  // decided_by is the delegate, reviewer_of_record the delegator.
  expect(confirm.indexOf(d.delegate.email)).toBeGreaterThan(-1);
  expect(confirm.indexOf(d.delegator.email)).toBeGreaterThan(confirm.indexOf(d.delegate.email));
  expect(files["summary.html"]).toContain("Delegations");
  expect(files["summary.html"]).toContain(d.delegate.email);
});

test("after the delegator revokes, the delegate can no longer see or decide the items", async ({ page }) => {
  const f = fixtures();
  const d = f.delegation;
  await login(page, d.delegator.email, f.password);
  await openHydrated(page, "/reviews");
  await page.getByTestId("delegation-row").filter({ hasText: name }).getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("delegation-row").filter({ hasText: name })).toHaveCount(0);

  await page.context().clearCookies();
  await login(page, d.delegate.email, f.password);
  expect((await page.goto(`/reviews/${campaignId}`))?.status()).toBe(404);
  expect((await page.request.get(`/api/v1/review-items/${itemId}`)).status()).toBe(404);
  const items = (await (await page.request.get(`/api/v1/campaigns/${campaignId}/items?limit=10`)).json()) as { data?: unknown[] };
  expect(items.data ?? []).toHaveLength(0);
  const decide = await page.request.post(`/api/v1/review-items/${itemId}/decision`, { data: { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] } });
  expect(decide.status()).toBe(404);
});

test("a handed-over NHI: a third owner cannot accept it; the new owner accepts it in Transfers", async ({ page }) => {
  const f = fixtures();
  const d = f.delegation;
  await login(page, d.delegator.email, f.password);
  await openHydrated(page, `/inventory/${d.handover.id}`);
  await page.getByRole("button", { name: "Hand over…" }).click();
  const dialog = page.getByRole("dialog", { name: `Hand over ${d.handover.name}` });
  await pickPerson(dialog, "New owner", d.delegate.name, { click: true });
  await dialog.getByRole("button", { name: "Ask them to accept" }).click();
  await expect(dialog.getByText(/at least 5 characters/)).toBeVisible();
  await dialog.getByLabel("Why").fill("Drew's team runs the exports now");
  await dialog.getByRole("button", { name: "Ask them to accept" }).click();
  await expect(page.getByTestId("identity-transfer")).toContainText("Waiting for the new owner");
  await shot(page, "nhi-handover");
  const mine = (await (await page.request.get("/api/v1/ownership-transfers")).json()).data as { outgoing: { id: string }[] };
  const transferId = mine.outgoing[0].id;

  await page.context().clearCookies();
  await login(page, d.third.email, f.password);
  expect((await page.request.post(`/api/v1/ownership-transfers/${transferId}/accept`)).status()).toBe(404);
  expect((await page.goto(`/inventory/${d.handover.id}`))?.status()).toBe(404);

  await page.context().clearCookies();
  await login(page, d.delegate.email, f.password);
  await openHydrated(page, "/reviews");
  const row = page.getByTestId("transfer-row").filter({ hasText: d.handover.name });
  await expect(row).toContainText(`from ${d.delegator.name}`);
  await expect(row).toContainText("Drew's team runs the exports now");
  await shot(page, "reviews-transfers");
  await row.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("transfer-row").filter({ hasText: d.handover.name })).toHaveCount(0);
  expect((await page.goto(`/inventory/${d.handover.id}`))?.status()).toBe(200);
  await expect(page.getByTestId("identity-transfer")).toContainText("Accepted");
});

test("review what changed: the next campaign carries forward what was certified, and the owner sees only the rest", async ({ page }) => {
  const f = fixtures();
  const d = f.delegation;
  await login(page, DEMO.admin);
  expect((await page.request.post(`/api/v1/campaigns/${campaignId}/close`)).status()).toBe(200);
  await openHydrated(page, "/campaigns/new");
  const next = `${name} (delta)`;
  await page.getByLabel("Name").fill(next);
  await page.getByRole("group", { name: "Sources" }).getByRole("checkbox", { name: d.sourceKey, exact: true }).click();
  await page.getByRole("checkbox", { name: /Review what changed/ }).click();
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new$)[^/]+$/);
  const nextId = page.url().split("/").pop()!;
  // One NHI was certified (confirmed, its grant kept) and has not changed; the other was never decided.
  await expect(page.getByText(/1 unchanged since last certified would be carried forward/)).toBeVisible();
  await expect(page.getByText("On: NHIs unchanged since last certified are carried forward")).toBeVisible();
  const launched = await page.request.post(`/api/v1/campaigns/${nextId}/launch`);
  expect((await launched.json()).data).toMatchObject({ items: 2, carried: 1 });

  await page.context().clearCookies();
  await login(page, d.delegator.email, f.password);
  await openHydrated(page, `/reviews/${nextId}`);
  await expect(page.getByText("1 of your NHIs are unchanged since they were last certified")).toBeVisible();
  await expect(page.getByTestId("left-count")).toHaveText("1");
  await expect(page.getByRole("navigation", { name: "Your items" }).getByRole("listitem")).toHaveCount(1);
  await shot(page, "delta-inbox");
});
