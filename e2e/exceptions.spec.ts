import { expect, test, type Page } from "@playwright/test";
import { DEMO, fixtures, login, openHydrated } from "./helpers";

const UNVAULTED = "Credential stored outside a secrets manager";
const ROTATION = "Credential older than its rotation policy";
const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

const findingRows = (page: Page) => page.getByRole("table", { name: "Findings" }).locator("tbody tr");

// One story, in order: the owner requests, bad input is refused, the admin approves (never their own request), the
// finding leaves the open count, another owner cannot see it, the register exports.
test.describe.serial("risk exceptions", () => {
  let exceptionId = "";
  // Open findings of the fixture owner before the request (the two credential rules, plus any a full rule run adds).
  let openBefore = 0;

  test("an owner requests an exception from a finding; bad input is refused", async ({ page }) => {
    const f = fixtures().exceptions;
    await login(page, f.owner.email, fixtures().password);
    await openHydrated(page, "/findings");
    await expect(findingRows(page).filter({ hasText: ROTATION })).toHaveCount(1);
    openBefore = await findingRows(page).count();
    await page.getByRole("button", { name: `Accept risk: ${UNVAULTED} on ${f.nhi.name}` }).click();
    const dialog = page.getByRole("dialog", { name: "Request a risk exception" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(/at most 90 days for high findings/)).toBeVisible();

    // Checked in the browser (same zod schema as the server): too short, no control.
    await dialog.getByLabel("Justification").fill("vendor");
    await dialog.getByRole("button", { name: "Send for approval" }).click();
    await expect(dialog.getByText("Explain in at least 20 characters why the risk must be kept")).toBeVisible();
    await expect(dialog.getByText("Tick at least one compensating control or describe one")).toBeVisible();

    // Checked on the server: the policy caps the expiry.
    await dialog.getByLabel("Justification").fill("The vendor connector cannot rotate keys before its v4 release.");
    await dialog.getByRole("checkbox", { name: "Restricted to an IP allowlist or private network" }).click();
    await dialog.getByLabel("Expires on").fill(day(200));
    await dialog.getByRole("button", { name: "Send for approval" }).click();
    await expect(dialog.getByText(/Policy allows at most 90 days for high findings: choose .* or earlier/).first()).toBeVisible();

    await dialog.getByLabel("Expires on").fill(day(30));
    await dialog.getByRole("button", { name: "Send for approval" }).click();
    await expect(dialog.getByText("Request sent for approval")).toBeVisible();
    // The findings page refreshes under the open dialog (the row now shows the pending request), which can re-mount
    // the link between finding it and clicking it: follow its href instead.
    const href = await dialog.getByRole("link", { name: "View the request" }).getAttribute("href");
    expect(href).toMatch(/^\/exceptions\/[^/]+$/);
    await page.goto(href!);
    await expect(page).toHaveURL(/\/exceptions\/[^/]+$/);
    exceptionId = page.url().split("/").pop()!;
    await expect(page.getByTestId("exception-status")).toHaveText("Pending approval");
    // The owner cannot approve, only withdraw.
    await expect(page.getByRole("button", { name: "Approve…" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Withdraw…" })).toBeVisible();

    // Still open until approved; the finding row says it is pending.
    await openHydrated(page, "/findings");
    await expect(findingRows(page)).toHaveCount(openBefore);
    await expect(findingRows(page).filter({ hasText: UNVAULTED })).toContainText("Exception pending");
  });

  test("the API refuses bad input with the field at fault", async ({ page }) => {
    const f = fixtures().exceptions;
    await login(page, f.owner.email, fixtures().password);
    const list = await page.request.get(`/api/v1/exceptions?identityId=${f.nhi.id}`);
    expect(list.status()).toBe(200);
    const { data } = (await list.json()) as { data: Array<{ id: string; findingIds: string[] }> };
    expect(data.map((d) => d.id)).toEqual([exceptionId]);

    const findingsRes = await page.request.get(`/api/v1/exceptions/${exceptionId}`);
    const rotation = await page.request.post("/api/v1/exceptions", {
      data: { identityId: f.nhi.id, scope: "RULE", ruleId: "credential-rotation-overdue", justification: "Rotation breaks the nightly batch for now.", controls: ["VAULTED"], expiresOn: day(120) },
    });
    expect(findingsRes.status()).toBe(200);
    expect(rotation.status()).toBe(400);
    expect(((await rotation.json()) as { error: { code: string; details: Record<string, string> } }).error).toMatchObject({
      code: "invalid_request",
      details: { expiresOn: expect.stringMatching(/at most 90 days/) },
    });
    const short = await page.request.post("/api/v1/exceptions", { data: { identityId: f.nhi.id, scope: "RULE", ruleId: "credential-rotation-overdue", justification: "no", expiresOn: "soon" } });
    expect(short.status()).toBe(400);
    const issues = ((await short.json()) as { error: { details: Array<{ path: string[] }> } }).error.details.map((i) => i.path.join("."));
    expect(issues).toEqual(expect.arrayContaining(["justification", "expiresOn", "controls"]));
    const notJson = await page.request.post("/api/v1/exceptions", { headers: { "content-type": "application/json" }, data: "{oops" });
    expect(notJson.status()).toBe(400);
    // An owner cannot approve anything.
    expect((await page.request.post(`/api/v1/exceptions/${exceptionId}/approve`, { data: {} })).status()).toBe(403);
  });

  test("an admin approves from the triage queue, and cannot approve their own request", async ({ page }) => {
    const f = fixtures().exceptions;
    await login(page, DEMO.admin);
    await openHydrated(page, `/exceptions?q=${encodeURIComponent(f.nhi.name)}`);
    await expect(page.getByRole("link", { name: /Pending approval/, exact: false }).first()).toHaveAttribute("aria-current", "page");
    const row = page.getByRole("table", { name: "Exceptions" }).locator("tbody tr").filter({ hasText: f.nhi.name });
    await expect(row).toHaveCount(1);
    await row.getByRole("link", { name: UNVAULTED }).click();
    await expect(page).toHaveURL(new RegExp(`/exceptions/${exceptionId}$`));
    await page.getByRole("button", { name: "Approve…" }).click();
    const confirm = page.getByRole("dialog", { name: "Approve 1 request" });
    await confirm.getByLabel("Comment (optional)").fill("OK until the v4 connector ships.");
    await confirm.getByRole("button", { name: "Approve 1 request" }).click();
    await expect(page.getByTestId("exception-status")).toHaveText("Approved");
    await expect(page.getByRole("list", { name: "History" })).toContainText(`Approved by ${DEMO.admin}`);

    // The admin's own request (over the API) cannot be approved by the admin.
    const own = await page.request.post("/api/v1/exceptions", {
      data: { identityId: f.nhi.id, findingIds: [], scope: "RULE", ruleId: "credential-rotation-overdue", justification: "Rotation breaks the nightly batch until it is migrated.", controls: ["MONITORED"], expiresOn: day(20) },
    });
    expect(own.status()).toBe(201);
    const ownId = ((await own.json()) as { data: { id: string } }).data.id;
    const approveOwn = await page.request.post(`/api/v1/exceptions/${ownId}/approve`, { data: {} });
    expect(approveOwn.status()).toBe(403);
    expect(((await approveOwn.json()) as { error: { message: string } }).error.message).toMatch(/another approver/);
    await openHydrated(page, `/exceptions/${ownId}`);
    await expect(page.getByText("You requested this exception: another approver must decide it.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve…" })).toHaveCount(0);
    // Withdraw it so the owner's view below has one accepted and one open finding.
    await page.getByRole("button", { name: "Withdraw…" }).click();
    const withdraw = page.getByRole("dialog", { name: "Withdraw this exception" });
    await withdraw.getByLabel("Reason").fill("Raised by mistake during the test.");
    await withdraw.getByRole("button", { name: "Withdraw" }).click();
    await expect(page.getByTestId("exception-status")).toHaveText("Revoked");
  });

  test("the approved finding shows as accepted risk and leaves the open count", async ({ page }) => {
    const f = fixtures().exceptions;
    await login(page, f.owner.email, fixtures().password);
    await openHydrated(page, "/findings");
    await expect(findingRows(page)).toHaveCount(openBefore - 1);
    await expect(findingRows(page).filter({ hasText: UNVAULTED })).toHaveCount(0);
    await expect(findingRows(page).filter({ hasText: ROTATION })).toHaveCount(1);
    await openHydrated(page, "/findings?status=EXCEPTED");
    await expect(findingRows(page)).toHaveCount(1);
    await expect(findingRows(page)).toContainText(UNVAULTED);
    await expect(findingRows(page)).toContainText(/Accepted until/);
    await openHydrated(page, `/inventory/${f.nhi.id}`);
    await expect(page.getByText(`${openBefore - 1} open, 1 accepted as risk.`, { exact: false })).toBeVisible();
    await expect(page.getByRole("list", { name: "Exceptions" })).toContainText("Approved");
  });

  test("an owner of another NHI cannot see the exception", async ({ page }) => {
    const f = fixtures().exceptions;
    await login(page, f.other.email, fixtures().password);
    const res = await page.goto(`/exceptions/${exceptionId}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByText("Exception not found")).toBeVisible();
    expect((await page.request.get(`/api/v1/exceptions/${exceptionId}`)).status()).toBe(404);
    expect((await page.request.post(`/api/v1/exceptions/${exceptionId}/revoke`, { data: { reason: "not mine at all" } })).status()).toBe(404);
    await page.goto("/exceptions?queue=all");
    await expect(page.getByRole("table", { name: "Exceptions" })).toContainText("No exception has been requested yet.");
  });

  test("the register exports as CSV", async ({ page }) => {
    const f = fixtures().exceptions;
    await login(page, DEMO.auditor);
    const res = await page.request.get(`/exceptions/export?queue=all&q=${encodeURIComponent(f.nhi.name)}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toMatch(/^id,status,nhi_id,nhi,/);
    expect(lines).toHaveLength(3);
    const approved = lines.find((l) => l.startsWith(exceptionId))!;
    expect(approved).toContain("Approved");
    expect(approved).toContain(f.nhi.name);
    expect(approved).toContain("Restricted to an IP allowlist or private network");
  });
});

// Issue 5.1 from a campaign review: the owner keeps a flagged key and asks for an exception from the review, by
// keyboard; the decision stands, the item shows the pending request, the admin's queue links back to the review;
// another owner cannot open the item.
test.describe.serial("risk exceptions from a campaign review", () => {
  test("an owner keeps a flagged key and requests an exception from the review", async ({ page }) => {
    const f = fixtures().reviewException;
    await login(page, f.owner.email, fixtures().password);
    await openHydrated(page, `/reviews/${f.campaign.id}?item=${f.itemId}`);
    await expect(page.getByRole("heading", { level: 2, name: f.nhi.name })).toBeVisible();
    const keyRow = page.locator("[data-row^='CREDENTIAL:']");
    const offer = keyRow.getByRole("button", { name: /^Keep and request an exception/ });
    await expect(offer).toBeVisible();

    // Keyboard: down to the key's row, "e" keeps it and opens the request, pre-filled with the key's findings.
    await page.keyboard.press("ArrowDown");
    await expect(keyRow).toHaveAttribute("data-focused", "true");
    await page.keyboard.press("e");
    const dialog = page.getByRole("dialog", { name: "Request a risk exception" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("Your Keep decision is saved now");
    const picked = dialog.getByRole("list", { name: "Findings to accept" });
    await expect(picked.getByRole("checkbox", { checked: true })).toHaveCount(2);
    await expect(picked).toContainText(UNVAULTED);
    await expect(picked).toContainText(ROTATION);
    await dialog.getByLabel("Justification").fill("The payments vendor cannot take a new key until its next release.");
    await dialog.getByRole("checkbox", { name: "Restricted to an IP allowlist or private network" }).click();
    await dialog.getByRole("button", { name: "Send for approval" }).click();
    await expect(dialog.getByText("Request sent for approval")).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).first().click();
    await expect(dialog).toBeHidden();
    // The KEEP was saved as the form opened, whatever happened to the request.
    await expect(keyRow.getByRole("radio", { name: /^Keep/ })).toHaveAttribute("aria-checked", "true");

    // The item shows the request and its status; nothing left to request for the key.
    const exceptions = page.getByRole("region", { name: "Risk exceptions on this NHI" });
    await expect(exceptions).toContainText("Pending approval");
    await expect(exceptions).toContainText("requested in this review");
    await expect(offer).toHaveCount(0);

    // Nothing lost on reload.
    await openHydrated(page, `/reviews/${f.campaign.id}?item=${f.itemId}`);
    await expect(page.locator("[data-row^='CREDENTIAL:']").getByRole("radio", { name: /^Keep/ })).toHaveAttribute("aria-checked", "true");
    await expect(page.getByRole("region", { name: "Risk exceptions on this NHI" })).toContainText("Pending approval");

    // The API records the link to the review item.
    const res = await page.request.get(`/api/v1/exceptions?identityId=${f.nhi.id}`);
    const { data } = (await res.json()) as { data: Array<{ reviewItemId: string | null; status: string }> };
    expect(data).toEqual([expect.objectContaining({ reviewItemId: f.itemId, status: "PROPOSED" })]);
  });

  test("the admin sees the request in the queue with a link back to the review", async ({ page }) => {
    const f = fixtures().reviewException;
    await login(page, DEMO.admin);
    await openHydrated(page, "/exceptions?queue=pending");
    const row = page.getByRole("table").locator("tbody tr").filter({ hasText: f.nhi.name });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("From review:");
    await row.getByRole("link", { name: f.campaign.name }).click();
    await expect(page).toHaveURL(new RegExp(`/campaigns/${f.campaign.id}/items/${f.itemId}$`));
    await expect(page.getByRole("heading", { level: 1, name: f.nhi.name })).toBeVisible();
    await expect(page.getByText("requested in this review")).toBeVisible();

    // The exception's own page says where it came from.
    await page.getByRole("link", { name: /^2 findings:/ }).click();
    await expect(page).toHaveURL(/\/exceptions\/[^/]+$/);
    await expect(page.getByRole("link", { name: f.campaign.name })).toHaveAttribute("href", `/campaigns/${f.campaign.id}/items/${f.itemId}`);
  });

  test("another owner cannot open the item or its review", async ({ page }) => {
    const f = fixtures().reviewException;
    await login(page, fixtures().exceptions.other.email, fixtures().password);
    expect((await page.request.get(`/reviews/${f.campaign.id}?item=${f.itemId}`)).status()).toBe(404);
    expect((await page.request.get(`/api/v1/review-items/${f.itemId}`)).status()).toBe(404);
    const bad = await page.request.post("/api/v1/exceptions", {
      data: { identityId: f.nhi.id, scope: "RULE", ruleId: "unvaulted-credential", reviewItemId: f.itemId, justification: "Trying to accept risk on an NHI that is not mine.", controls: ["VAULTED"], expiresOn: day(20) },
    });
    expect(bad.status()).toBe(404);
  });
});
