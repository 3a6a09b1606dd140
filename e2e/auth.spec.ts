import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, openHydrated } from "./helpers";

// The one spec that drives the login form itself.
test.describe("sign-in", () => {
  for (const [role, email] of Object.entries(DEMO)) {
    test(`${role} signs in with the form and sees the overview`, async ({ page }) => {
      await openHydrated(page, "/login");
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole("button", { name: /account menu/i })).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByRole("link", { name: "Inventory" }).first()).toBeVisible();
    });
  }

  test("a wrong password shows an error and no session", async ({ page }) => {
    await openHydrated(page, "/login");
    await page.getByLabel("E-mail").fill(DEMO.admin);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toContainText(/incorrect/i);
    await page.goto("/inventory");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Finventory/);
  });

  test("bad input gives field errors", async ({ page }) => {
    await openHydrated(page, "/login");
    await page.getByLabel("E-mail").fill("not-an-email");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your work e-mail address")).toBeVisible();
    await expect(page.getByText("Enter your password")).toBeVisible();
  });

  test("a signed-out visitor is sent to /login and returned after signing in", async ({ page }) => {
    const res = await page.goto("/inventory?kind=AI_AGENT");
    expect(res?.status()).toBe(200);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("E-mail").fill(DEMO.ciso);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/inventory\?kind=AI_AGENT/);
  });

  test("signing out ends the session", async ({ page }) => {
    await openHydrated(page, "/login");
    await page.getByLabel("E-mail").fill(DEMO.owner);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.getByRole("button", { name: /account menu/i }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/inventory");
    await expect(page).toHaveURL(/\/login/);
  });

  test("signed-out requests are redirected or refused", async ({ request }) => {
    const page = await request.get("/inventory/export", { maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers()["location"]).toContain("/login");
    const api = await request.get("/api/v1/identities", { maxRedirects: 0 });
    expect(api.status()).toBe(401);
  });
});
