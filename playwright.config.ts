import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

// Debian's Chromium by default (npx playwright install cannot download browsers here); override with
// PLAYWRIGHT_CHROMIUM_PATH, or set it to "" to use Playwright's own browser where one is installed.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // One retry: on a loaded 2-core machine a navigation can miss a 10 s expectation; a real bug fails twice.
  retries: 1,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: executablePath || undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    // Builds if needed, prepares a fresh database (demo estate + e2e fixtures), then serves the production build.
    command: `npx tsx --conditions=react-server scripts/e2e-server.ts`,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { PORT: String(PORT), NEXTAUTH_URL: baseURL },
  },
});
