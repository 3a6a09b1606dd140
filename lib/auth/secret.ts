import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";
import { mkdirp } from "../fs";

let cached: string | undefined;

/**
 * NEXTAUTH_SECRET from the environment, or (dev/demo) one generated once and kept in the data directory so
 * sessions survive restarts. Read once per process: the proxy asks for it on every request.
 * Replicas behind a load balancer must share NEXTAUTH_SECRET through the environment.
 */
export function authSecret(): string {
  cached ??= env().NEXTAUTH_SECRET ?? fallbackSecret();
  return cached;
}

export class MissingSecretError extends Error {}

/**
 * Production (NODE_ENV=production: `next start`, or an operator who sets it for the launcher) never invents a
 * secret: a generated one on local disk silently differs between replicas and dies with the container.
 * `npm start` still works out of the box: the launcher (not in production mode) keeps one in the data directory
 * and hands it to the server it starts.
 */
function fallbackSecret(): string {
  // `next build` runs in production mode and loads the auth module, but signs nothing: no secret needed yet.
  if (process.env.NEXT_PHASE === "phase-production-build") return "build-time-only-never-signs-anything";
  if (env().NODE_ENV === "production") {
    throw new MissingSecretError(
      "NEXTAUTH_SECRET is required in production: set it to a long random value (e.g. `openssl rand -base64 32`), the same on every replica.",
    );
  }
  return readOrCreateSecretFile();
}

function readOrCreateSecretFile(): string {
  const dir = path.resolve(env().STEWARD_DATA_DIR);
  const file = path.join(dir, "nextauth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    mkdirp(dir);
    const secret = crypto.randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      // Another process wrote it first: use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
