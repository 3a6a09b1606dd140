// The production web server (started by `npm start`, the e2e server and the container): Next.js behind a plain
// node:http server so that shutdown is ours. On SIGTERM/SIGINT it fails readiness, stops accepting connections,
// lets in-flight requests finish (up to STEWARD_SHUTDOWN_TIMEOUT_MS), closes the database pool and exits 0.
// Runs without the react-server condition (Next.js loads its own React builds); reads PORT and HOST (default: every
// interface, IPv4 and IPv6).
import http from "node:http";
import next from "next";
import { captureConsole, logger } from "../lib/log";
import { markDraining } from "../lib/db/readiness";

captureConsole("next");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || undefined;
const timeoutMs = Number(process.env.STEWARD_SHUTDOWN_TIMEOUT_MS ?? 25_000);
// Time between failing readiness and closing the listener, for load balancers to notice (0 when run locally).
const drainDelayMs = Number(process.env.STEWARD_SHUTDOWN_DELAY_MS ?? 0);

const app = next({ dev: false, dir: process.cwd(), hostname: host, port });
const handle = app.getRequestHandler();
let inFlight = 0;
let shuttingDown = false;

const server = http.createServer((req, res) => {
  inFlight++;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    inFlight--;
  };
  res.on("finish", finish);
  res.on("close", finish);
  // While draining, tell keep-alive clients not to reuse this connection.
  if (shuttingDown) res.setHeader("Connection", "close");
  handle(req, res).catch((err: unknown) => {
    logger.error("unhandled request error", { method: req.method, path: req.url?.split("?")[0], err });
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
// Longer than common load balancers' idle timeout (60 s), so they never reuse a connection we just closed.
server.keepAliveTimeout = 65_000;

async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  const t0 = Date.now();
  logger.info("shutting down", { signal, inFlight });
  markDraining();
  if (drainDelayMs > 0) await new Promise((r) => setTimeout(r, drainDelayMs));
  server.close();
  server.closeIdleConnections();
  while (inFlight > 0 && Date.now() - t0 < timeoutMs) await new Promise((r) => setTimeout(r, 50));
  if (inFlight > 0) logger.warn("shutdown timeout: closing connections with requests in flight", { inFlight });
  server.closeAllConnections();
  await app.close().catch((err: unknown) => logger.warn("next close failed", { err }));
  // lib/db keeps its one client on globalThis (the app's bundled copy of lib/db created it in this process).
  const holder = (globalThis as unknown as { __stewardDb?: { close: () => Promise<void> } }).__stewardDb;
  await holder?.close().catch((err: unknown) => logger.warn("database close failed", { err }));
  logger.info("stopped", { ms: Date.now() - t0, databaseClosed: Boolean(holder) });
  process.exit(0);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

await app.prepare();
server.listen(port, host, () => logger.info("listening", { port, host: host ?? "*", pid: process.pid, node: process.version }));
