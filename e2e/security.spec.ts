// Security headers, CSRF on route handlers, cookies and error hygiene, checked on the running production server.
import { expect, test } from "@playwright/test";
import { DEMO, login, openHydrated } from "./helpers";

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(";").map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d] as [string, string]));
}

test.describe("security", () => {
  test("pages get a per-response nonce CSP without unsafe-inline scripts, no framing, no sniffing", async ({ request }) => {
    const a = await request.get("/login");
    const b = await request.get("/login");
    const csp = a.headers()["content-security-policy"]!;
    expect(csp).toBeTruthy();
    const d = directives(csp);
    const script = d.get("script-src")!;
    expect(script).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(script).toContain("'strict-dynamic'");
    expect(script).not.toContain("unsafe-inline");
    expect(script).not.toContain("unsafe-eval");
    expect(d.get("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(d.get("object-src")).toBe("object-src 'none'");
    expect(d.get("base-uri")).toBe("base-uri 'self'");
    // A fresh nonce every time, and every script in the page carries it.
    const nonce = /'nonce-([^']+)'/.exec(script)![1]!;
    expect(/'nonce-([^']+)'/.exec(b.headers()["content-security-policy"]!)![1]).not.toBe(nonce);
    const html = await a.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s, s).toContain(`nonce="${nonce}"`);

    const h = a.headers();
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
    expect(h["x-powered-by"]).toBeUndefined();
    // Plain http: no HSTS (browsers ignore it there) and no upgrade-insecure-requests.
    expect(h["strict-transport-security"]).toBeUndefined();
    expect(csp).not.toContain("upgrade-insecure-requests");
  });

  test("HSTS and upgrade-insecure-requests when served over TLS (behind a TLS-terminating proxy)", async ({ request }) => {
    const res = await request.get("/login", { headers: { "X-Forwarded-Proto": "https" } });
    expect(res.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}; includeSubDomains/);
    expect(res.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
  });

  test("API responses cannot run script or be framed, and are not cached", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers()["cache-control"]).toContain("no-store");
    expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("the app runs under the CSP: no violations while signing in and using a page", async ({ page }) => {
    const messages: string[] = [];
    page.on("console", (m) => messages.push(m.text()));
    page.on("pageerror", (e) => messages.push(e.message));
    await login(page, DEMO.auditor);
    await openHydrated(page, "/audit");
    // React is running (it needs the nonce'd scripts): a filter change navigates.
    await expect(async () => {
      await page.getByLabel("Action").selectOption({ index: 1 });
      await expect(page).toHaveURL(/action=/, { timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    expect(messages.filter((m) => /Content Security Policy|Refused to (execute|load)/i.test(m)), messages.join("\n")).toEqual([]);
  });

  test("the session cookie is HttpOnly and SameSite; it expires", async ({ page }) => {
    await login(page, DEMO.owner);
    const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"))!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    // Eight hours (a working day), not a persistent login.
    const hours = (cookie.expires * 1000 - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8.01);
  });

  test("a cookie-authenticated upload from another site is refused (CSRF); from Steward itself it is not", async ({ page, baseURL }) => {
    await login(page, DEMO.admin);
    const upload = (headers: Record<string, string>) => page.request.post("/api/v1/imports", { headers, multipart: { format: "auto" } });
    const evil = await upload({ Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" });
    expect(evil.status()).toBe(403);
    expect((await evil.json()).error.code).toBe("cross_site_request");
    const oldBrowser = await upload({ Origin: "https://evil.example" });
    expect(oldBrowser.status()).toBe(403);
    // Same origin: past the CSRF check, refused only because the upload is empty.
    const same = await upload({ Origin: baseURL!, "Sec-Fetch-Site": "same-origin" });
    expect(same.status()).toBe(400);
    expect((await same.json()).error.message).toMatch(/file/i);
  });

  test("errors never show stack traces or SQL; NUL and broken Unicode in URLs are refused up front", async ({ page }) => {
    await login(page, DEMO.admin);
    for (const url of ["/api/v1/audit?limit=abc", "/api/v1/audit?from=%00", "/api/v1/imports?cursor=%00", "/inventory/%00", "/inventory?q=%00", "/api/v1/audit/export?format=xml"]) {
      const res = await page.request.get(url, { maxRedirects: 0 });
      const text = await res.text();
      expect(res.status(), url).toBeGreaterThanOrEqual(400);
      expect(res.status(), url).toBeLessThan(500);
      expect(text, url).not.toMatch(/\n\s+at\s|node_modules|prisma|SELECT |syntax error/i);
    }
    const unknown = await page.request.get("/inventory/does-not-exist");
    expect(unknown.status()).toBe(404);
    expect(await unknown.text()).not.toMatch(/\n\s+at\s|prisma/i);
  });

  test("JSON bodies over 1 MB are refused before they are read", async ({ page }) => {
    await login(page, DEMO.admin);
    const res = await page.request.post("/api/v1/imports", { headers: { "Content-Type": "application/json" }, data: "x".repeat(1024 * 1024 + 10) });
    expect(res.status()).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
  });
});
