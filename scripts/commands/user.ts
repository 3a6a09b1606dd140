import { parseArgs } from "node:util";
import readline from "node:readline";
import { Writable } from "node:stream";
import { z } from "zod";
import { closeDb } from "../../lib/db";
import os from "node:os";
import { db } from "../../lib/db";
import { createUser, deactivateUserAs } from "../../lib/users/mutations";
import { ValidationError } from "../../lib/errors";

async function readPassword(): Promise<string> {
  if (process.env.STEWARD_PASSWORD) return process.env.STEWARD_PASSWORD;
  if (!process.stdin.isTTY) {
    // Piped: the first line of stdin.
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
  }
  // Prompt without echoing what is typed.
  let muted = false;
  const out = new Writable({ write: (chunk, _enc, cb) => { if (!muted) process.stdout.write(chunk); cb(); } });
  const rl = readline.createInterface({ input: process.stdin, output: out, terminal: true });
  const ask = (q: string) => new Promise<string>((resolve) => { process.stdout.write(q); muted = true; rl.question("", (a) => { muted = false; process.stdout.write("\n"); resolve(a); }); });
  const first = await ask("Password (at least 12 characters): ");
  const second = await ask("Repeat password: ");
  rl.close();
  if (first !== second) throw new ValidationError("The passwords do not match");
  return first;
}

export async function runUser(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "deactivate") return runDeactivate(rest);
  if (sub !== "create") {
    console.error("usage: npm run steward -- user create --email E --role ADMIN|SECURITY_VIEWER|AUDITOR|OWNER [--name N] [--team T]\n       npm run steward -- user deactivate --email E");
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, team: { type: "string" } },
    strict: true,
  });
  if (!values.email || !values.role) {
    console.error("steward user create: --email and --role are required");
    return 2;
  }
  try {
    const password = await readPassword();
    const user = await createUser(null, {
      email: values.email,
      role: values.role.toUpperCase() as never,
      name: values.name ?? values.email.split("@")[0],
      teamName: values.team,
      password,
    });
    console.log(`Created ${user.role} ${user.email} (${user.id})`);
    return 0;
  } catch (err) {
    if (err instanceof z.ZodError) {
      console.error(`steward user create: ${err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return 2;
    }
    if (err instanceof ValidationError) {
      console.error(`steward user create: ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await closeDb();
  }
}

/** Deactivates a user: their NHIs go to each one's backup owner as a pending transfer, the rest become orphans. */
async function runDeactivate(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { email: { type: "string" } }, strict: true });
  if (!values.email) {
    console.error("steward user deactivate: --email is required");
    return 2;
  }
  try {
    const user = await db.user.findUnique({ where: { email: values.email.toLowerCase() }, select: { id: true } });
    if (!user) {
      console.error(`steward user deactivate: no user ${values.email}`);
      return 2;
    }
    const r = await deactivateUserAs({ id: null, email: `cli:${os.userInfo().username}` }, user.id);
    console.log(`Deactivated ${values.email}: ${r.transfers} NHIs offered to their backup owners, ${r.orphaned} now orphaned, ${r.delegationsRevoked} delegations ended.`);
    return 0;
  } catch (err) {
    if (err instanceof ValidationError) {
      console.error(`steward user deactivate: ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await closeDb();
  }
}
