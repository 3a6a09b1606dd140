import fs from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import type { E2eFixtures } from "./fixtures/create";

export const DEMO_PASSWORD = "steward-demo";
export const DEMO = {
  admin: "admin@steward.local",
  ciso: "ciso@steward.local",
  auditor: "auditor@steward.local",
  owner: "owner@steward.local",
} as const;

export function fixtures(): E2eFixtures {
  return JSON.parse(fs.readFileSync("e2e/.fixtures.json", "utf8")) as E2eFixtures;
}

/** Signs in over HTTP (csrf + credentials callback), sharing the cookie with the page (DESIGN.md 5.8). */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  const csrf = await page.request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
  });
  expect(res.status(), `sign-in of ${email}`).toBeLessThan(400);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith("next-auth.session-token")), `session cookie for ${email}`).toBe(true);
}

/** Opens a page and waits until React has hydrated it (clicks before that hit server HTML with no handlers). */
export async function openHydrated(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
}

/**
 * Chooses a person in a people picker (a combobox that searches as you type): types `search` (part of a name or
 * e-mail), waits for the matching option and picks it with the keyboard (the first match is highlighted: Enter), or
 * by clicking it with `{ click: true }`. The field then shows the person's "Name (e-mail)".
 */
export async function pickPerson(scope: Page | Locator, field: string, search: string, { click = false }: { click?: boolean } = {}): Promise<void> {
  const page = "goto" in scope ? scope : scope.page();
  const box = scope.getByRole("combobox", { name: field, exact: true });
  await box.fill(search);
  const option = page.getByRole("listbox").getByRole("option").filter({ hasText: search });
  await expect(option).toHaveCount(1);
  // The list was asked for this very term (older results are not pickable): the first option is the match.
  await expect(page.getByRole("listbox").getByRole("option").first()).toContainText(search);
  if (click) await option.click();
  else await box.press("Enter");
  await expect(box).toHaveValue(new RegExp(search.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await expect(page.getByRole("listbox")).toBeHidden();
}
