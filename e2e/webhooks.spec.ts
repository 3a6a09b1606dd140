import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { DEMO, login, openHydrated } from "./helpers";

// A receiver on 127.0.0.1 in the test process: the Steward server POSTs to it.
interface Received { headers: http.IncomingHttpHeaders; body: string }
const received: Received[] = [];
let server: http.Server;
let receiverUrl: string;

test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/steward`;
});
test.afterAll(() => {
  server?.close();
});

/** The README's verification, as a receiver would write it. */
function verify(secret: string, body: string, header: string): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  const mac = crypto.createHmac("sha256", secret).update(`${parts.t}.${body}`).digest("hex");
  return Math.abs(Date.now() / 1000 - Number(parts.t)) < 300 && crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(String(parts.v1)));
}

test.describe("Webhooks", () => {
  test("an admin adds an endpoint, sees the secret once, sends a signed test event and sees it in the log", async ({ page }) => {
    const name = `SIEM ${Date.now()}`;
    await login(page, DEMO.admin);
    await openHydrated(page, "/settings/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

    // Bad input: a non-http scheme and no event.
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("URL").fill("ftp://files.example.com/in");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText("Only http:// and https:// URLs can receive webhooks")).toBeVisible();
    await expect(page.getByText("Choose at least one event")).toBeVisible();

    await page.getByLabel("URL").fill(receiverUrl);
    await page.getByRole("checkbox", { name: /campaign\.launched/ }).click();
    await page.getByRole("checkbox", { name: /finding\.critical\.created/ }).click();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const shown = page.getByLabel("Signing secret");
    await expect(shown).toHaveValue(/^whsec_[A-Za-z0-9_-]{43}$/);
    const secret = await shown.inputValue();
    await expect(page.getByText("shows it only this once")).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Enabled");
    await expect(row).toContainText("finding.critical.created");

    // The endpoint's page never shows the secret again.
    await row.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await page.content()).not.toContain(secret);
    await expect(page.getByText("No deliveries yet")).toBeVisible();

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText(/Test event delivered: HTTP 200/)).toBeVisible();
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.headers["steward-event"]).toBe("webhook.test");
    expect(verify(secret, got.body, String(got.headers["steward-signature"]))).toBe(true);
    const log = page.getByRole("row").filter({ hasText: String(got.headers["steward-delivery"]) });
    await expect(log).toContainText("webhook.test");
    await expect(log).toContainText("Delivered");
    await expect(log).toContainText("200");
    await expect(log).toContainText("thanks");

    // Redeliver: a second delivery of the same event, signed again.
    await log.getByRole("button", { name: /Redeliver/ }).click();
    await expect.poll(() => received.length).toBe(2);
    expect(JSON.parse(received[1]!.body).id).toBe(JSON.parse(got.body).id);
    await expect(page.getByRole("row").filter({ hasText: String(received[1]!.headers["steward-delivery"]) })).toContainText("Delivered");

    // Disabled: no test sends.
    await page.getByRole("button", { name: "Disable" }).click();
    await expect(page.getByText("Disabled: nothing is sent")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send test event" })).toBeDisabled();
  });

  test("non-admins are refused the page and the API", async ({ page }) => {
    for (const who of [DEMO.owner, DEMO.ciso]) {
      await page.context().clearCookies();
      await login(page, who);
      const res = await page.goto("/settings/webhooks");
      expect(res?.status()).toBe(403);
      await expect(page.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
      const api = await page.request.get("/api/v1/webhooks");
      expect(api.status()).toBe(403);
      expect((await api.json()).error.code).toBe("forbidden");
      const create = await page.request.post("/api/v1/webhooks", { data: { name: "x", url: receiverUrl, events: ["campaign.launched"] } });
      expect(create.status()).toBe(403);
    }
  });
});
