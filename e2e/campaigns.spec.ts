import { expect, test, type Page } from "@playwright/test";
import { unzipText } from "../lib/testing/unzip";
import { DEMO, fixtures, login, openHydrated, pickPerson } from "./helpers";

// One campaign's whole life, in order: the admin creates and launches it, the owner works the inbox by keyboard,
// another owner cannot reach those items, the admin closes it, remediation tasks appear, the auditor downloads the
// evidence pack. The campaign is scoped to the fixtures' own source, so every count below is exact.
test.describe.configure({ mode: "serial" });

let campaignId = "";
const name = `E2E certification ${Date.now()}`;

const leftCount = (page: Page) => page.getByTestId("left-count");
const itemHeading = (page: Page, nhi: string) => page.getByRole("heading", { level: 2, name: nhi });

test("admin creates a campaign and sees who will review what before launching", async ({ page }) => {
  const f = fixtures().campaigns;
  await login(page, DEMO.admin);
  await openHydrated(page, "/campaigns/new");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("group", { name: "Sources" }).getByRole("checkbox", { name: f.sourceKey }).click();
  await page.getByLabel("When an item is not decided by the close").selectOption("REVOKE_UNUSED");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new$)[^/]+$/);
  campaignId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Draft", { exact: true })).toBeVisible();
  // 8 NHIs; the two agents add a delegation item each; the agent acting for its own owner goes to the fallback.
  await expect(page.getByText(/would create 10 review items for 4 reviewers, from 8 NHIs/)).toBeVisible();
  await expect(page.getByText("Fallback: self-review blocked")).toBeVisible();
  await expect(page.getByText("Fallback: no owner")).toBeVisible();
});

test("launch happens once: the button, then a second launch through the API is refused", async ({ page }) => {
  await login(page, DEMO.admin);
  await openHydrated(page, `/campaigns/${campaignId}`);
  await page.getByRole("button", { name: "Launch", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText("creates 10 review items for 4 reviewers");
  await page.getByRole("button", { name: "Launch campaign" }).click();
  await expect(page.getByText("In review", { exact: true })).toBeVisible();
  await expect(page.getByText("0 of 10 items")).toBeVisible();
  const again = await page.request.post(`/api/v1/campaigns/${campaignId}/launch`);
  expect(again.status()).toBe(400);
  expect((await again.json()).error.message).toMatch(/already been launched/);
  const items = await page.request.get(`/api/v1/campaigns/${campaignId}/items?limit=100`);
  expect((await items.json()).data).toHaveLength(10);
});

test("the owner works the inbox by keyboard; decisions survive a reload", async ({ page }) => {
  const f = fixtures();
  const c = f.campaigns;
  await login(page, c.reviewer.email, f.password);
  await openHydrated(page, "/reviews");
  await page.getByRole("link", { name: "Start reviewing" }).click();
  await expect(leftCount(page)).toHaveText("5");
  await expect(itemHeading(page, c.nhis.payments)).toBeVisible();
  // The unused grant is highlighted with its suggestion.
  await expect(page.getByText(/Suggested: Revoke · Not used in 90\+ days/)).toBeVisible();
  await expect(page.getByText(/Suggested: Rotate · 400 days old/)).toBeVisible();

  // a: accept every suggestion. One is a revoke, so the comment the campaign requires is asked for first.
  await page.keyboard.press("a");
  const dialog = page.getByRole("dialog", { name: "A comment is needed" });
  await expect(dialog).toBeVisible();
  await page.keyboard.type("Write access is not used by the reader.");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("item-status")).toContainText("Decided and saved");
  await expect(leftCount(page)).toHaveText("4");

  // Enter: next item to do. a again: all its grants are used, nothing needs a comment.
  await page.keyboard.press("Enter");
  await expect(itemHeading(page, c.nhis.ledger)).toBeVisible();
  await page.keyboard.press("a");
  await expect(page.getByTestId("item-status")).toContainText("Decided and saved");
  await expect(leftCount(page)).toHaveText("3");

  // Row by row: 1 confirms the NHI (and its purpose), focus moves on, 1 keeps the grant.
  await page.keyboard.press("Enter");
  await expect(itemHeading(page, c.nhis.reporting)).toBeVisible();
  await page.keyboard.press("1");
  await expect(page.getByRole("radio", { name: "Confirm", checked: true })).toBeVisible();
  await page.keyboard.press("1");
  await expect(page.getByTestId("item-status")).toContainText("Decided and saved");
  await expect(leftCount(page)).toHaveText("2");

  // j moves without deciding; k comes back.
  await page.keyboard.press("j");
  await expect(itemHeading(page, c.nhis.agent)).toBeVisible();
  await page.keyboard.press("k");
  await expect(itemHeading(page, c.nhis.reporting)).toBeVisible();

  // Saved as they went: a reload shows the same count, and the decided item as decided.
  await page.reload();
  await page.waitForLoadState("networkidle");
  await expect(leftCount(page)).toHaveText("2");
  await expect(itemHeading(page, c.nhis.reporting)).toBeVisible();
  await expect(page.getByTestId("item-status")).toContainText("Decided and saved");
});

test("a decision without the required comment is refused with a message", async ({ page }) => {
  const f = fixtures();
  await login(page, f.campaigns.reviewer.email, f.password);
  const items = (await (await page.request.get(`/api/v1/campaigns/${campaignId}/items?limit=100`)).json()).data as { id: string; identity: { name: string } }[];
  const exportItem = items.find((i) => i.identity.name === f.campaigns.nhis.export)!;
  const res = await page.request.post(`/api/v1/review-items/${exportItem.id}/decision`, { data: { decisions: [{ target: "IDENTITY", decision: "DECOMMISSION" }] } });
  expect(res.status()).toBe(400);
  expect((await res.json()).error.message).toMatch(/comment is required/i);
});

test("another owner cannot open or decide those items, by URL or API", async ({ page }) => {
  const f = fixtures();
  const c = f.campaigns;
  await login(page, c.reviewer.email, f.password);
  const mine = (await (await page.request.get(`/api/v1/campaigns/${campaignId}/items?limit=100`)).json()).data as { id: string; identity: { name: string } }[];
  // The reviewer sees only their own five items through the API too.
  expect(mine.map((i) => i.identity.name).sort()).toEqual([c.nhis.payments, c.nhis.ledger, c.nhis.reporting, c.nhis.agent, c.nhis.export].sort());
  const target = mine.find((i) => i.identity.name === c.nhis.export)!;

  await page.context().clearCookies();
  await login(page, c.other.email, f.password);
  expect((await page.request.get(`/api/v1/review-items/${target.id}`)).status()).toBe(404);
  const post = await page.request.post(`/api/v1/review-items/${target.id}/decision`, { data: { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] } });
  expect(post.status()).toBe(404);
  expect((await post.json()).error.message).toBe("Review item not found.");
  // Their inbox opened on the other owner's item shows only their own.
  await openHydrated(page, `/reviews/${campaignId}?item=${target.id}`);
  await expect(itemHeading(page, c.nhis.otherOwned)).toBeVisible();
  await expect(page.getByText(c.nhis.export)).toHaveCount(0);
  // And the admin's campaign pages are not theirs.
  expect((await page.goto(`/campaigns/${campaignId}`))?.status()).toBe(403);
});

test("the human an agent acts for certifies the delegation; self-review went to the fallback", async ({ page }) => {
  const f = fixtures();
  const c = f.campaigns;
  await login(page, c.human.email, f.password);
  await openHydrated(page, `/reviews/${campaignId}`);
  await expect(itemHeading(page, c.nhis.agent)).toBeVisible();
  await expect(page.getByText("What you authorised this agent to do for you")).toBeVisible();
  await expect(page.getByText("calendar.write")).toBeVisible();
  await page.keyboard.press("1");
  await expect(page.getByTestId("item-status")).toContainText("Decided and saved");
  await expect(leftCount(page)).toHaveText("0");

  await page.context().clearCookies();
  await login(page, DEMO.admin);
  await openHydrated(page, `/campaigns/${campaignId}/items?routedBy=FALLBACK_SELF_REVIEW`);
  const rows = page.getByRole("table", { name: "Review items" }).locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(c.nhis.selfAgent);
});

test("admin sees progress and non-responders, closes the review; remediation tasks appear; decisions are then refused", async ({ page }) => {
  const f = fixtures();
  const c = f.campaigns;
  await login(page, DEMO.admin);
  await openHydrated(page, `/campaigns/${campaignId}`);
  await expect(page.getByText("4 of 10 items")).toBeVisible();
  const byReviewer = page.getByRole("table", { name: "Progress by reviewer" });
  await expect(byReviewer.getByRole("row", { name: new RegExp(c.reviewer.name) })).toContainText("3/5");
  await page.getByRole("checkbox", { name: /Only non-responders/ }).click();
  await expect(byReviewer).toContainText(c.other.name);
  await expect(byReviewer).not.toContainText(c.reviewer.name);

  // Reassigning a non-responder's items searches reviewers; the one whose items they are is not offered.
  await byReviewer.getByRole("row", { name: new RegExp(c.other.name) }).getByRole("button", { name: "Reassign…" }).click();
  const reassign = page.getByRole("dialog", { name: /Reassign .*undecided items/ });
  await reassign.getByRole("combobox", { name: "New reviewer" }).fill(c.other.email);
  await expect(page.getByText(`Nobody matches “${c.other.email}”.`)).toBeVisible();
  await pickPerson(reassign, "New reviewer", c.human.email, { click: true });
  await expect(reassign.getByRole("button", { name: "Reassign", exact: true })).toBeEnabled();
  await page.keyboard.press("Escape");
  await expect(reassign).toHaveCount(0);

  await page.getByRole("button", { name: "Close review" }).click();
  await expect(page.getByRole("dialog")).toContainText("4 of 10 items are decided");
  await page.getByRole("button", { name: "Close review" }).last().click();
  await expect(page.getByRole("button", { name: "Mark complete" })).toBeVisible();

  await openHydrated(page, `/remediation?campaign=${campaignId}`);
  const tasks = page.getByRole("table", { name: "Remediation tasks" });
  await expect(tasks).toContainText("Revoke grant");
  await expect(tasks).toContainText("s3:Put on arn:aws:s3:::kbd-payments-bucket");
  await expect(tasks).toContainText("Rotate credential");
  // The no-response outcome (revoke unused) covered the items nobody decided, e.g. the export job's unused grant.
  await expect(tasks).toContainText("s3:Put on arn:aws:s3:::kbd-export-bucket");

  await page.context().clearCookies();
  await login(page, c.reviewer.email, f.password);
  const mine = (await (await page.request.get(`/api/v1/campaigns/${campaignId}/items?limit=100`)).json()).data as { id: string }[];
  const late = await page.request.post(`/api/v1/review-items/${mine[0].id}/decision`, { data: { decisions: [{ target: "IDENTITY", decision: "CONFIRM" }] } });
  expect(late.status()).toBe(400);
  expect((await late.json()).error.message).toMatch(/review is closed/);
  // The owner sees the work on their NHIs.
  await openHydrated(page, "/remediation");
  await expect(page.getByRole("table", { name: "Remediation tasks" })).toContainText(c.nhis.payments);
});

test("the auditor downloads the evidence pack and it holds the decisions; an owner cannot", async ({ page }) => {
  const f = fixtures();
  const c = f.campaigns;
  await login(page, DEMO.auditor);
  await openHydrated(page, `/campaigns/${campaignId}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Evidence pack" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^steward-evidence-e2e-certification-.*\.zip$/);
  const res = await page.request.get(`/campaigns/${campaignId}/evidence`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/zip");
  const files = unzipText(Buffer.from(await res.body()));
  expect(Object.keys(files)).toEqual(["decisions.csv", "snapshots.json", "exceptions.csv", "summary.html"]);
  expect(files["exceptions.csv"].split("\n")[0]).toMatch(/^exception_id,status,nhi_id/);
  const revoke = files["decisions.csv"].split("\n").find((l) => l.includes("s3:Put on arn:aws:s3:::kbd-payments-bucket"))!;
  expect(revoke).toContain(",REVOKE,");
  expect(revoke).toContain(c.reviewer.email);
  expect(revoke).toContain("Write access is not used by the reader.");
  expect(files["decisions.csv"]).toContain("NO_RESPONSE");
  expect(JSON.parse(files["snapshots.json"]).items).toHaveLength(10);
  expect(files["summary.html"]).toContain(name);

  await page.context().clearCookies();
  await login(page, c.reviewer.email, f.password);
  expect((await page.request.get(`/campaigns/${campaignId}/evidence`)).status()).toBe(403);
  expect((await page.request.get(`/api/v1/campaigns/${campaignId}/evidence`)).status()).toBe(403);
});

test("an import that shows a revoked grant closes its remediation task, verified by that import", async ({ page }) => {
  const c = fixtures().campaigns;
  await login(page, DEMO.admin);
  // The next export of the source: the payments NHI now holds only its read grant (the revoke was done at source).
  const inventory = {
    format: "steward-import/v1",
    source: c.sourceKey,
    identities: [
      {
        externalId: `e2e-campaign-${c.nhis.payments}`, name: c.nhis.payments, kind: "SERVICE_ACCOUNT", environment: "prod",
        entitlements: [{ resource: "arn:aws:s3:::kbd-payments-bucket", permission: "s3:Get", privilege: "READ" }],
      },
    ],
  };
  const form = new FormData();
  form.set("format", "auto");
  form.append("file", new Blob([JSON.stringify(inventory)]), "payments.json");
  const res = await page.request.post("/api/v1/imports", { multipart: form });
  expect(res.status()).toBe(201);
  const { data } = (await res.json()) as { data: { jobId: string; status: string } };
  expect(data.status).toBe("SUCCEEDED");

  await openHydrated(page, `/remediation?campaign=${campaignId}&status=all`);
  const row = page.getByRole("table", { name: "Remediation tasks" }).locator("tbody tr").filter({ hasText: "s3:Put on arn:aws:s3:::kbd-payments-bucket" });
  await expect(row).toContainText("Done");
  await expect(row).toContainText(`Verified by import ${data.jobId}: the grant is revoked at source`);
  // Work the import does not show done stays open.
  await openHydrated(page, `/remediation?campaign=${campaignId}`);
  await expect(page.getByRole("table", { name: "Remediation tasks" })).toContainText("Rotate credential");
  await expect(page.getByRole("table", { name: "Remediation tasks" })).not.toContainText("s3:Put on arn:aws:s3:::kbd-payments-bucket");
});
