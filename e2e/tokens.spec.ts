import { expect, test } from "@playwright/test";
import { DEMO, fixtures, login, openHydrated } from "./helpers";

test.describe("API tokens", () => {
  test("an admin creates a scoped token, sees it once, uses it, sees last use, and revokes it", async ({ page, playwright }, info) => {
    const name = `SIEM export ${Date.now()}`;
    await login(page, DEMO.admin);
    await openHydrated(page, "/settings/tokens");
    await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();

    // Validation: no scope chosen.
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByText("Choose at least one scope")).toBeVisible();

    await page.getByRole("checkbox", { name: /audit:read/ }).click();
    await page.getByLabel("Expires in").selectOption("7");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByLabel("New API token");
    await expect(shown).toHaveValue(/^stw_[A-Za-z0-9_-]{43}$/);
    const token = await shown.inputValue();
    await expect(page.getByText("cannot show it again")).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(token.slice(0, 12));
    await expect(row).toContainText("Active");
    await expect(row).toContainText("never");

    // A fresh client with only the token (no cookie).
    const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
    const auth = { Authorization: `Bearer ${token}` };
    const ok = await api.get("/api/v1/audit?limit=5", { headers: auth });
    expect(ok.status()).toBe(200);
    const body = await ok.json();
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.chainHead.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(ok.headers()["x-ratelimit-limit"]).toBe("600");
    const remaining = Number(ok.headers()["x-ratelimit-remaining"]);
    const again = await api.get("/api/v1/audit?limit=1", { headers: auth });
    expect(Number(again.headers()["x-ratelimit-remaining"])).toBe(remaining - 1);
    expect(Number(again.headers()["x-ratelimit-reset"])).toBeGreaterThan(Date.now() / 1000);

    // Outside its scopes (the admin role could, the token cannot).
    const noScope = await api.get("/api/v1/imports", { headers: auth });
    expect(noScope.status()).toBe(403);
    expect((await noScope.json()).error.message).toContain('scope "import:run"');

    // Its use is audited (once an hour) with the token id.
    const uses = await (await api.get("/api/v1/audit?action=token.use&limit=50", { headers: auth })).json();
    expect(uses.data.some((e: { actorEmail: string; meta: { apiTokenId?: string } }) => e.actorEmail === DEMO.admin && e.meta.apiTokenId)).toBe(true);

    // The page never shows the token again, and records the last use.
    await page.reload();
    await expect(page.getByLabel("New API token")).toHaveCount(0);
    expect(await page.content()).not.toContain(token);
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText(/just now|minute/);

    // Revoke: refused from then on with a clear code.
    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
    const revoked = await api.get("/api/v1/audit", { headers: auth });
    expect(revoked.status()).toBe(401);
    expect((await revoked.json()).error.code).toBe("token_revoked");
    await api.dispose();
  });

  test("bad tokens are refused with 401 and a clear code; no token and no session too", async ({ playwright }, info) => {
    const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
    const bad = await api.get("/api/v1/audit", { headers: { Authorization: `Bearer stw_${"x".repeat(43)}` } });
    expect(bad.status()).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_token" } });
    const malformed = await api.get("/api/v1/imports", { headers: { Authorization: "Basic YWRtaW46YWRtaW4=" } });
    expect(malformed.status()).toBe(401);
    expect((await malformed.json()).error.code).toBe("invalid_token");
    const none = await api.get("/api/v1/audit");
    expect(none.status()).toBe(401);
    expect((await none.json()).error.code).toBe("unauthenticated");
    await api.dispose();
  });

  test("an owner creates tokens only within their own permissions and sees only their own tokens", async ({ page, playwright }, info) => {
    const f = fixtures();
    await login(page, f.security.owner.email, f.password);
    await openHydrated(page, "/settings/tokens");
    await expect(page.getByRole("heading", { name: "Your tokens" })).toBeVisible();
    // Scopes the owner role does not have are not offered.
    await expect(page.getByRole("checkbox", { name: /identity:read\b/ })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: /audit:read/ })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: /import:run/ })).toHaveCount(0);
    // Admin-created tokens are not listed; the owner's fixture token is.
    await expect(page.getByRole("row").filter({ hasText: "matrix admin-revocable" })).toHaveCount(0);
    await expect(page.getByRole("row").filter({ hasText: "matrix kept" })).toHaveCount(1);

    await page.getByLabel("Name").fill("owner script");
    await page.getByRole("button", { name: "Read-only" }).click();
    await page.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByLabel("New API token").inputValue();
    expect(token).toMatch(/^stw_/);

    // The token acts as the owner: the audit log is out of reach whatever the scopes say.
    const api = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
    const res = await api.get("/api/v1/audit", { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status()).toBe(403);
    await api.dispose();
  });
});
