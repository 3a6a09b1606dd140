import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, login, openHydrated } from "./helpers";

const FIX = "lib/importers/__fixtures__";
const TEMPLATE = "public/templates/steward-import-template.csv";

/** One realistic export per format (built from FORMATS.md): the UI and the API must import each. */
const EXPORTS: { format: string; label: RegExp; files: string[] }[] = [
  { format: "aws-credential-report", label: /AWS IAM credential report/, files: [`${FIX}/aws-credential-report.csv`] },
  { format: "aws-authorization-details", label: /get-account-authorization-details/, files: [`${FIX}/aws-authorization-details.json`] },
  { format: "gcp", label: /Google Cloud/, files: [`${FIX}/gcp-service-accounts.json`, `${FIX}/gcp-keys-etl-runner.json`, `${FIX}/gcp-iam-policy.json`] },
  { format: "azure", label: /Azure/, files: [`${FIX}/azure-sp-graph.json`, `${FIX}/azure-apps.json`] },
  { format: "k8s", label: /Kubernetes/, files: [`${FIX}/k8s-rbac.yaml`] },
  { format: "github", label: /GitHub/, files: [`${FIX}/github-pat-grants.json`] },
  { format: "cyberark", label: /CyberArk/, files: [`${FIX}/cyberark-account-report.csv`] },
  { format: "generic", label: /Steward import template/, files: [TEMPLATE] },
];

async function previewFiles(page: Page, files: Parameters<Page["setInputFiles"]>[1]) {
  await page.getByLabel("Export file(s)").setInputFiles(files);
  await page.getByRole("button", { name: /^Preview/ }).click();
}

/** Commits the previewed import and waits for its page (the form follows the job, then opens it). */
async function commitAndOpen(page: Page) {
  await page.getByRole("button", { name: /^Import \d[\d,]* NHIs?$/ }).click();
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
  await page.waitForURL(/\/imports\/c[a-z0-9]+$/, { timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Summary" })).toBeVisible({ timeout: 30_000 });
}

function countsRow(page: Page, table: string, row: string) {
  return page.getByRole("table", { name: table }).getByRole("row").filter({ hasText: row });
}

test.describe("imports", () => {
  test("an admin previews Steward's CSV template, imports it, and a second import changes nothing", async ({ page }) => {
    test.setTimeout(180_000);
    await login(page, DEMO.admin);
    await openHydrated(page, "/imports");
    await previewFiles(page, TEMPLATE);
    const preview = page.getByRole("region", { name: "Preview" });
    await expect(preview).toContainText("nothing has been written yet", { timeout: 30_000 });
    await expect(preview).toContainText("Steward import template");
    await expect(countsRow(page, "What the import would change", "NHIs")).toContainText("3");
    // Nothing was written by the preview.
    await page.goto("/inventory?q=Stripe%20live%20key");
    await expect(page.getByRole("table", { name: "Non-human identities" })).not.toContainText("Stripe live key (payouts)");

    await openHydrated(page, "/imports");
    await previewFiles(page, TEMPLATE);
    await commitAndOpen(page);
    await expect(page.getByText("SHA-256")).toBeVisible();
    const changed = countsRow(page, "What the import changed", "NHIs");
    await expect(changed.getByRole("cell").nth(1)).toHaveText("3");
    await expect(page.getByRole("table", { name: "Changes" })).toContainText("Stripe live key (payouts)");
    await page.goto("/inventory?q=Stripe%20live%20key");
    await expect(page.getByRole("table", { name: "Non-human identities" })).toContainText("Stripe live key (payouts)");

    // The same file again: the preview says nothing would change, the import changes nothing.
    await openHydrated(page, "/imports");
    await previewFiles(page, TEMPLATE);
    const again = countsRow(page, "What the import would change", "NHIs");
    await expect(again.getByRole("cell").nth(1)).toHaveText("0", { timeout: 30_000 });
    await expect(again.getByRole("cell").nth(3)).toHaveText("3");
    await commitAndOpen(page);
    await expect(countsRow(page, "What the import changed", "NHIs").getByRole("cell").nth(3)).toHaveText("3");
    await expect(page.getByText("This import changed nothing")).toBeVisible();
  });

  test("every format is detected and imported through the page", async ({ page }) => {
    test.setTimeout(420_000);
    await login(page, DEMO.admin);
    for (const e of EXPORTS.filter((x) => x.format !== "generic")) {
      await openHydrated(page, "/imports");
      await previewFiles(page, e.files);
      await expect(page.getByRole("region", { name: "Preview" })).toContainText(e.label, { timeout: 30_000 });
      await commitAndOpen(page);
      await expect(page.getByText(/^(Succeeded|Partial)$/).first()).toBeVisible();
    }
    await openHydrated(page, "/imports");
    const history = page.getByRole("table", { name: "Import history" });
    for (const e of EXPORTS.filter((x) => x.format !== "generic")) await expect(history).toContainText(e.format);
  });

  test("a running import keeps going through a page reload and shows its progress", async ({ page }) => {
    test.setTimeout(300_000);
    await login(page, DEMO.admin);
    await openHydrated(page, "/imports");
    const rows = ["source,external_id,name,kind,credential_id,credential_type,entitlement_resource,entitlement_action,privilege"];
    const source = `manual:e2e-reload-${Date.now()}`;
    for (let i = 0; i < 8000; i++) rows.push(`${source},svc-${i},reload svc ${i},SERVICE_ACCOUNT,key-${i},ACCESS_KEY,db:orders,read,READ`);
    const fileName = `reload-${Date.now()}.csv`;
    await previewFiles(page, { name: fileName, mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    await expect(countsRow(page, "What the import would change", "NHIs").getByRole("cell").nth(1)).toHaveText("8,000", { timeout: 120_000 });
    await page.getByRole("button", { name: "Import 8,000 NHIs" }).click();
    // Live progress from the server while it writes.
    await expect(page.getByText(/\d[\d,]* of |NHIs written|Writing the inventory|Reading the file/).first()).toBeVisible({ timeout: 60_000 });
    await page.reload();
    // After the reload the job is still there: running (with its progress), or already done.
    const history = page.getByRole("table", { name: "Import history" });
    await expect(history.getByRole("row").filter({ hasText: fileName })).toBeVisible({ timeout: 180_000 });
    await expect(async () => {
      await page.reload();
      await expect(history.getByRole("row").filter({ hasText: fileName })).toContainText("Succeeded", { timeout: 2_000 });
    }).toPass({ timeout: 180_000 });
    await history.getByRole("row").filter({ hasText: fileName }).getByRole("link").first().click();
    await expect(countsRow(page, "What the import changed", "NHIs").getByRole("cell").nth(1)).toHaveText("8,000");
  });

  test("bad files are refused with a clear message naming the file, and nothing is written", async ({ page }) => {
    await login(page, DEMO.admin);
    await openHydrated(page, "/imports");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByText("Choose an export file first.")).toBeVisible();
    await previewFiles(page, { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello, this is not an inventory\n") });
    await expect(page.getByText(/notes\.txt: unrecognised file/)).toBeVisible({ timeout: 30_000 });
    await previewFiles(page, { name: "cut.json", mimeType: "application/json", buffer: Buffer.from('{"UserDetailList": [ {"Arn": ') });
    await expect(page.getByText(/cut\.json is not valid JSON/)).toBeVisible({ timeout: 30_000 });

    // The API: a truncated raw body is refused whole, with a FAILED job that says why.
    // (Bodies are Buffers: Playwright would JSON-encode a string that is not valid JSON.)
    const res = await page.request.post("/api/v1/imports?filename=truncated.json", { headers: { "content-type": "application/json" }, data: Buffer.from('{"UserDetailList": [ {"Arn": "arn:aws:iam::1:user/x"') });
    expect(res.status()).toBe(422);
    const body = await res.json();
    expect(body.error.message).toMatch(/truncated.json is not valid JSON/);
    const job = await (await page.request.get(`/api/v1/imports/${body.error.details.jobId}`)).json();
    expect(job.data).toMatchObject({ status: "FAILED", counts: { created: 0 } });
    // A row-level problem is listed with its line; the valid rows land.
    const partial = await page.request.post("/api/v1/imports?filename=rows.csv&sourceKey=manual:e2e-rows", {
      headers: { "content-type": "text/csv" },
      data: Buffer.from("external_id,name,kind\ngood-1,good,BOT\nbad-1,bad kind,ROBOT\n"),
    });
    expect(partial.status()).toBe(201);
    expect((await partial.json()).data).toMatchObject({ status: "PARTIAL", created: 1, failed: 1, errors: [{ row: 3, message: expect.stringMatching(/kind "ROBOT"/) }] });
  });

  test("the API imports every format, raw or multipart, now or in the background", async ({ page }) => {
    test.setTimeout(600_000);
    await login(page, DEMO.admin);
    // Multipart, waiting for the report; several files of one platform are repeated "file" parts.
    for (const e of EXPORTS) {
      const form = new FormData();
      form.set("format", "auto");
      for (const f of e.files) form.append("file", new Blob([fs.readFileSync(f)]), path.basename(f));
      const res = await page.request.post("/api/v1/imports", { multipart: form });
      expect(res.status(), e.format).toBe(201);
      const { data } = await res.json();
      expect(data).toMatchObject({ format: e.format, status: expect.stringMatching(/SUCCEEDED|PARTIAL/) });
      for (const k of ["source", "identities", "credentials", "entitlements", "created", "updated", "unchanged", "deletedAtSource", "failed", "errors"]) expect(data).toHaveProperty(k);
    }
    // Raw bodies (JSON, CSV, YAML), in the background: 202 with the job, then GET until it is done. (A GCP keys file
    // alone is refused: its keys belong to accounts of the service-accounts list, which must come with it.)
    const raw = [
      { format: "gcp", files: [`${FIX}/gcp-service-accounts.json`] },
      { format: "k8s", files: [`${FIX}/k8s-rbac.yaml`] },
      { format: "cyberark", files: [`${FIX}/cyberark-account-report.csv`] },
      { format: "generic", files: [TEMPLATE] },
    ];
    for (const e of raw) {
      for (const f of e.files) {
        const type = f.endsWith(".csv") ? "text/csv" : f.endsWith(".yaml") ? "application/yaml" : "application/json";
        const res = await page.request.post(`/api/v1/imports?wait=false&filename=${path.basename(f)}&format=${e.format}`, {
          headers: { "content-type": type },
          data: fs.readFileSync(f),
        });
        expect(res.status(), f).toBe(202);
        const { data } = await res.json();
        await expect(async () => {
          const job = await (await page.request.get(`/api/v1/imports/${data.jobId}`)).json();
          expect(job.data.status).toMatch(/SUCCEEDED|PARTIAL/);
          expect(job.data.phase).toBeNull();
          expect(job.data.report).toMatchObject({ format: e.format });
        }).toPass({ timeout: 120_000 });
      }
    }
  });

  test("an owner hint becomes a suggestion that an admin accepts", async ({ page }) => {
    await login(page, DEMO.admin);
    const arn = `arn:aws:iam::210987654321:user/svc/e2e-${Date.now()}`;
    const doc = {
      UserDetailList: [{ UserName: "e2e-hinted", UserId: "AIDAE2E", Arn: arn, Path: "/svc/", CreateDate: "2024-01-01T00:00:00Z", Tags: [{ Key: "Owner", Value: DEMO.owner }] }],
    };
    const res = await page.request.post("/api/v1/imports?filename=authz.json", { headers: { "content-type": "application/json" }, data: Buffer.from(JSON.stringify(doc)) });
    expect(res.status()).toBe(201);
    expect((await res.json()).data.details.owners.suggested).toBe(1);
    await openHydrated(page, "/imports/suggestions");
    const row = page.getByRole("table", { name: "Owner suggestions" }).getByRole("row").filter({ hasText: "e2e-hinted" });
    await expect(row).toContainText("tag Owner");
    await expect(row).toContainText(DEMO.owner);
    await row.getByRole("button", { name: "Accept" }).click();
    await expect(page.getByText("1 owner set.")).toBeVisible();
    await expect(page.getByRole("table", { name: "Owner suggestions" })).not.toContainText("e2e-hinted");
    await page.goto("/inventory?q=e2e-hinted");
    await page.getByRole("link", { name: "e2e-hinted" }).click();
    // The Accountability card's owner, and the change in the NHI's activity.
    await expect(page.locator("dt", { hasText: /^Owner$/ }).first().locator("xpath=..")).toContainText(DEMO.owner);
    await expect(page.getByRole("region", { name: "Owner suggestions" })).toHaveCount(0);
  });

  test("owners and read-only roles cannot import or review suggestions", async ({ page }) => {
    await login(page, DEMO.owner);
    const res = await page.goto("/imports");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("link", { name: "Imports" })).toHaveCount(0);
    expect((await page.goto("/imports/suggestions"))?.status()).toBe(403);
    const api = await page.request.post("/api/v1/imports", { multipart: { file: { name: "x.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") } } });
    expect(api.status()).toBe(403);
    expect((await api.json()).error.code).toBe("forbidden");
    expect((await page.request.post("/api/v1/imports/preview?filename=x.csv", { headers: { "content-type": "text/csv" }, data: Buffer.from("a,b\n") })).status()).toBe(403);
    expect((await page.request.post("/api/v1/owner-suggestions", { data: { ids: ["x"], decision: "accept" } })).status()).toBe(403);

    await page.context().clearCookies();
    await login(page, DEMO.ciso);
    expect((await page.goto("/imports"))?.status()).toBe(403);
    expect((await page.request.get("/api/v1/imports")).status()).toBe(403);
  });
});
