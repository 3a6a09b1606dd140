import { expect, test } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, login, openHydrated } from "./helpers";

test.describe("Users", () => {
  test("an admin adds a user, changes their role and team, deactivates them; cannot demote themself", async ({ page, playwright }, info) => {
    const email = `e2e-user-${Date.now()}@test.local`;
    await login(page, DEMO.admin);
    await openHydrated(page, "/settings/users");
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

    // Bad input, then a taken e-mail.
    await page.getByLabel("E-mail").fill("not-an-email");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByText("Enter a valid e-mail address")).toBeVisible();
    await page.getByLabel("E-mail").fill(DEMO.owner);
    await page.getByLabel("Name", { exact: true }).fill("Duplicate");
    await page.getByLabel("Initial password").fill("correct horse battery");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByText(`A user with e-mail ${DEMO.owner} already exists`)).toBeVisible();

    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Name", { exact: true }).fill("Robin Rotation");
    await page.getByLabel("Role", { exact: true }).selectOption("OWNER");
    await page.getByLabel("Team (created if new)").fill("Payments");
    await page.getByLabel("Initial password").fill("correct horse battery");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByText(`${email} can sign in now.`)).toBeVisible();

    await page.getByLabel("Search users").fill(email);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByRole("heading", { name: "1 user" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await page.getByLabel(`Role of ${email}`).selectOption("AUDITOR");
    await page.getByRole("button", { name: `Save ${email}` }).click();
    await expect(page.getByRole("button", { name: `Save ${email}` })).toBeDisabled();
    await page.getByRole("button", { name: `Deactivate ${email}` }).click();
    await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Deactivated");
    await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("AUDITOR");

    // Deactivated: the password no longer signs in.
    const other = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
    const { csrfToken } = await (await other.get("/api/auth/csrf")).json();
    const res = await other.post("/api/auth/callback/credentials", { form: { csrfToken, email, password: "correct horse battery", json: "true" } });
    expect(res.status()).toBe(401);
    await other.dispose();

    // The admin cannot remove their own admin role.
    await openHydrated(page, `/settings/users?q=${encodeURIComponent(DEMO.admin)}`);
    await page.getByLabel(`Role of ${DEMO.admin}`).selectOption("OWNER");
    await page.getByRole("button", { name: `Save ${DEMO.admin}` }).click();
    await expect(page.getByText("You cannot remove your own admin role")).toBeVisible();
  });

  test("non-admins are refused the page and the users API", async ({ page }) => {
    await login(page, DEMO.auditor, DEMO_PASSWORD);
    expect((await page.goto("/settings/users"))?.status()).toBe(403);
    expect((await page.request.get("/api/v1/users")).status()).toBe(403);
  });
});
