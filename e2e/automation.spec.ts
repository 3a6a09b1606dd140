import { expect, test } from "@playwright/test";
import { DEMO, fixtures, login, openHydrated } from "./helpers";

// Campaigns that run themselves: the admin sets reminders on a campaign (a bad value is refused), launches it, runs
// the reminder job from the Jobs page, and finds the message in the Outbox with a link that opens the reviewer's
// inbox for the reviewer. Non-admins cannot open the Jobs or Outbox pages. The campaign is scoped to the
// automation fixtures' own source and reviewer, so no other spec's inbox changes.
test.describe.configure({ mode: "serial" });

let campaignId = "";
const name = `E2E reminders ${Date.now()}`;
const shots = process.env.E2E_SCREENSHOTS;

test("admin sets reminders and escalation on a campaign; bad reminder days are refused", async ({ page }) => {
  const f = fixtures().automation;
  await login(page, DEMO.admin);
  await openHydrated(page, "/campaigns/new");
  await page.getByLabel("Name").fill(name);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Due date", { exact: true }).fill(tomorrow);
  await page.getByRole("group", { name: "Sources" }).getByRole("checkbox", { name: f.sourceKey }).click();
  await page.getByLabel("Remind, days before the due date").fill("3, soon");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page.getByText("Whole days between 1 and 90, separated by commas")).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/new$/);

  await page.getByLabel("Remind, days before the due date").fill("3, 1");
  await page.getByLabel("Level 1: days after the due date").fill("1");
  await page.getByLabel("Level 2: days after the due date").fill("4");
  await page.locator("#escalation-l2To").selectOption("ADMINS");
  await page.getByLabel(/^High risk/).selectOption("DISABLE_RECOMMENDED");
  if (shots) await page.screenshot({ path: `${shots}/campaign-form-automation.png`, fullPage: true });
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new$)[^/]+$/);
  campaignId = page.url().split("/").pop()!;
  await expect(page.getByText("3, 1 days before the due date, to reviewers with undecided items")).toBeVisible();
  await expect(page.getByText("Level 2: 4 days after, to every admin")).toBeVisible();
  await expect(page.getByText("High: Task: disable recommended")).toBeVisible();
  // The launch preview says what happens to undecided items (the fixture NHI is medium risk).
  await expect(page.getByRole("heading", { name: "If left undecided" })).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/campaign-preview-automation.png`, fullPage: true });

  await page.getByRole("button", { name: "Launch", exact: true }).click();
  await page.getByRole("button", { name: "Launch campaign" }).click();
  await expect(page.getByText("In review", { exact: true })).toBeVisible();
});

test("admin runs the reminder job now and reads the message in the outbox; its link opens the reviewer's inbox", async ({ page, browser, baseURL }) => {
  const f = fixtures();
  await login(page, DEMO.admin);
  await openHydrated(page, "/admin/jobs");
  await page.getByRole("button", { name: "Run campaigns.remind now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Done in \d+ ms/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Job runs" }).getByRole("row").filter({ hasText: "campaigns.remind" }).filter({ hasText: "Run now" }).first()).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/admin-jobs.png`, fullPage: true });

  await openHydrated(page, "/admin/outbox");
  await page.getByLabel("Recipient").fill(f.automation.reviewer.email);
  await page.getByLabel("Recipient").press("Enter");
  await expect(page).toHaveURL(/to=/);
  const rows = page.getByRole("table", { name: "Outbox messages" }).getByRole("row").filter({ hasText: f.automation.reviewer.email });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(/Reminder: 1 review item due in [12] days?/);
  await expect(rows.first()).toContainText("Not sent");
  const link = rows.first().getByRole("link", { name: `/reviews/${campaignId}` });
  const href = await link.getAttribute("href");
  expect(href).toBe(`${baseURL}/reviews/${campaignId}`);
  if (shots) await page.screenshot({ path: `${shots}/admin-outbox.png`, fullPage: true });
  // The same message through the API, for scripts and demos.
  const api = await page.request.get(`/api/v1/outbox?to=${encodeURIComponent(f.automation.reviewer.email)}`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as { data: { url: string; sentAt: string | null }[] };
  expect(body.data).toHaveLength(1);
  expect(body.data[0]).toMatchObject({ url: href, sentAt: null });

  // Running the job again sends nothing twice.
  await openHydrated(page, "/admin/jobs");
  await page.getByRole("button", { name: "Run campaigns.remind now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Done in \d+ ms/ })).toBeVisible();
  await openHydrated(page, `/admin/outbox?to=${encodeURIComponent(f.automation.reviewer.email)}`);
  await expect(page.getByRole("table", { name: "Outbox messages" }).getByRole("row").filter({ hasText: f.automation.reviewer.email })).toHaveCount(1);

  const reviewer = await browser.newContext({ baseURL });
  const rp = await reviewer.newPage();
  await login(rp, f.automation.reviewer.email, f.password);
  await rp.goto(href!);
  await expect(rp.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(rp.getByRole("heading", { level: 2, name: f.automation.nhi })).toBeVisible();
  await reviewer.close();
});

test("a recurring campaign launches one run per period from the job, and its page shows the next run and past runs", async ({ page }) => {
  const f = fixtures().automation;
  const def = `E2E monthly ${Date.now()}`;
  await login(page, DEMO.admin);
  await openHydrated(page, "/campaigns/new");
  await page.getByLabel("Name").fill(def);
  await page.getByLabel("Runs", { exact: true }).selectOption("MONTHLY");
  await expect(page.getByLabel("Due date", { exact: true })).toHaveCount(0);
  await page.getByLabel("Each run lasts (days)").fill("14");
  await page.getByRole("group", { name: "Sources" }).getByRole("checkbox", { name: f.sourceKey }).click();
  await page.getByLabel(/^Low risk/).selectOption("REQUEUE");
  await page.getByRole("button", { name: "Create draft" }).click();
  await expect(page).toHaveURL(/\/campaigns\/(?!new$)[^/]+$/);
  const defUrl = new URL(page.url()).pathname;
  await expect(page.getByText("Recurring definition: each run is due 14 days after its launch")).toBeVisible();
  await expect(page.getByText("Runs monthly")).toBeVisible();
  await expect(page.getByText("No runs yet.")).toBeVisible();
  // Never launched by hand; cancelling it stops it.
  await expect(page.getByRole("button", { name: "Launch", exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Stop recurring" })).toBeVisible();

  await openHydrated(page, "/admin/jobs");
  await page.getByRole("button", { name: "Run campaigns.recur now" }).click();
  await expect(page.getByRole("status")).toContainText("launched: 1");
  await openHydrated(page, "/admin/jobs");
  await page.getByRole("button", { name: "Run campaigns.recur now" }).click();
  await expect(page.getByRole("status")).toContainText("created: 0 · launched: 0");

  // The list says what the definition is, and shows its run beside it.
  await openHydrated(page, "/campaigns");
  await expect(page.getByRole("row").filter({ hasText: def }).filter({ hasText: "Recurring · Monthly" })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: `${def} · ` }).filter({ hasText: "In review" })).toHaveCount(1);

  await openHydrated(page, defUrl);
  const runs = page.getByRole("table", { name: "Past runs" }).getByRole("row").filter({ hasText: def });
  await expect(runs).toHaveCount(1);
  await expect(runs.first()).toContainText("In review");
  await expect(page.getByText(/Next run: \d{4}-\d{2}, launched/)).toBeVisible();
  if (shots) await page.screenshot({ path: `${shots}/campaign-recurring.png`, fullPage: true });
  await runs.first().getByRole("link").click();
  await expect(page.getByText(/Run \d{4}-\d{2} of the recurring campaign/)).toBeVisible();
});

test("admin sets a team's lead (escalation's first level) from its members", async ({ page }) => {
  const f = fixtures().automation;
  await login(page, DEMO.admin);
  await openHydrated(page, "/admin/teams");
  const select = page.getByLabel(`Lead of ${f.team}`);
  await select.selectOption(f.reviewer.id);
  await expect(page.getByRole("row").filter({ hasText: f.team }).getByRole("status")).toHaveText("Saved");
  if (shots) await page.screenshot({ path: `${shots}/admin-teams.png`, fullPage: true });
  await openHydrated(page, "/admin/teams");
  await expect(page.getByLabel(`Lead of ${f.team}`)).toHaveValue(f.reviewer.id);
});

test("non-admins cannot open the outbox or the jobs page, and do not see them in the menu", async ({ page }) => {
  const f = fixtures();
  await login(page, f.automation.reviewer.email, f.password);
  expect((await page.goto("/admin/outbox"))?.status()).toBe(403);
  expect((await page.goto("/admin/jobs"))?.status()).toBe(403);
  expect((await page.goto("/admin/teams"))?.status()).toBe(403);
  await openHydrated(page, "/");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outbox" })).toHaveCount(0);
  await login(page, DEMO.auditor);
  expect((await page.goto("/admin/outbox"))?.status()).toBe(403);
});
