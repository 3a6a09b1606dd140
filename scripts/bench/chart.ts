// `npx tsx scripts/bench/chart.ts OUT.png RESULT.json [RESULT.json...]`
// Renders app vs raw p95 per scenario, one group of bars per estate size, as an inline SVG, and screenshots it to a
// PNG with headless Chromium (playwright-core; CHROMIUM_PATH, default /usr/bin/chromium). Also writes OUT.svg.
import fs from "node:fs";
import { chromium } from "playwright-core";
import type { ScenarioResult } from "./report";

interface Report {
  identities: number;
  scenarios: ScenarioResult[];
}

const [out, ...files] = process.argv.slice(2);
if (!out || !files.length) {
  console.error("usage: npx tsx scripts/bench/chart.ts OUT.png RESULT.json [RESULT.json...]");
  process.exit(2);
}
const reports = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as Report).sort((a, b) => a.identities - b.identities);
// Interactive scenarios only: jobs (those reporting a rate: rule run, import, snapshot, launch) take seconds and would
// flatten the scale, even where a small estate runs them in under a second.
const ids = [...new Set(reports.flatMap((r) => r.scenarios.filter((s) => !s.skipped && !s.rate && s.app.p95 < 5000).map((s) => s.id)))];
const COLORS = ["#2563eb", "#f59e0b", "#10b981", "#ef4444"];
const rowH = 16;
const groupH = reports.length * 2 * rowH + 18;
const left = 190;
const width = 900;
const plotW = width - left - 190;
const max = Math.max(...reports.flatMap((r) => r.scenarios.filter((s) => ids.includes(s.id)).flatMap((s) => [s.app.p95, s.raw?.p95 ?? 0])), 150);
const scale = (v: number) => (v / max) * plotW;
const height = 70 + ids.length * groupH + 40;
let y = 60;
const parts: string[] = [];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
parts.push(`<text x="16" y="28" font-size="17" font-weight="600">Steward benchmark: p95 latency, app (solid) vs best raw SQL (light)</text>`);
reports.forEach((r, i) => {
  parts.push(`<rect x="${left + i * 170}" y="38" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${left + i * 170 + 18}" y="48" font-size="12">${r.identities.toLocaleString("en")} NHIs</text>`);
});
const target = scale(150);
parts.push(`<line x1="${left + target}" y1="56" x2="${left + target}" y2="${height - 30}" stroke="#dc2626" stroke-dasharray="4 3"/><text x="${left + target + 4}" y="${height - 18}" font-size="11" fill="#dc2626">150 ms target</text>`);
for (const id of ids) {
  parts.push(`<text x="${left - 8}" y="${y + groupH / 2 - 4}" font-size="12" text-anchor="end">${esc(id)}</text>`);
  reports.forEach((r, i) => {
    const s = r.scenarios.find((x) => x.id === id);
    const color = COLORS[i % COLORS.length];
    if (!s || s.skipped) {
      y += 2 * rowH;
      return;
    }
    parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, scale(s.app.p95))}" height="${rowH - 3}" fill="${color}"/>`);
    parts.push(`<text x="${left + scale(s.app.p95) + 4}" y="${y + rowH - 5}" font-size="11">${s.app.p95} ms${s.ratio ? ` (${s.ratio}x raw)` : ""}</text>`);
    y += rowH;
    if (s.raw) {
      parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, scale(s.raw.p95))}" height="${rowH - 3}" fill="${color}" opacity="0.35"/>`);
      parts.push(`<text x="${left + scale(s.raw.p95) + 4}" y="${y + rowH - 5}" font-size="11" fill="#555">${s.raw.p95} ms raw</text>`);
    }
    y += rowH;
  });
  y += 18;
}
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join("")}</svg>`;
fs.writeFileSync(out.replace(/\.png$/, ".svg"), svg);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
console.log(`wrote ${out}`);
