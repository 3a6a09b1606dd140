// The one logger of the server and the CLI: JSON lines ({"time","level","msg",...fields}) for log collectors, or a
// short human line on a terminal. LOG_FORMAT=json|pretty overrides the choice; LOG_LEVEL sets the threshold.
// Never pass secrets or whole request bodies as fields.
import { format, stripVTControlCharacters } from "node:util";

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
export type LogFields = Record<string, unknown>;

function threshold(): number {
  const l = process.env.LOG_LEVEL?.toLowerCase() as LogLevel | undefined;
  return ORDER[l && l in ORDER ? l : "info"];
}

/** Whether log lines are JSON (LOG_FORMAT, else: stdout is not a terminal). */
export function isJson(): boolean {
  const f = process.env.LOG_FORMAT?.toLowerCase();
  if (f === "json") return true;
  if (f === "pretty") return false;
  return !process.stdout.isTTY;
}

/** Errors as plain fields (JSON.stringify drops an Error's message and stack). */
function serialize(v: unknown): unknown {
  if (v instanceof Error) {
    const cause = (v as { cause?: unknown }).cause;
    return { name: v.name, message: v.message, stack: v.stack, ...(cause ? { cause: serialize(cause) } : {}) };
  }
  return v;
}

export function logLine(level: LogLevel, msg: string, fields: LogFields = {}): string {
  const out: LogFields = { time: new Date().toISOString(), level, msg };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = serialize(v);
  return JSON.stringify(out);
}

export function log(level: LogLevel, msg: string, fields?: LogFields): void {
  if (ORDER[level] < threshold()) return;
  const stream = level === "error" || level === "warn" ? process.stderr : process.stdout;
  if (isJson()) {
    stream.write(logLine(level, msg, fields) + "\n");
    return;
  }
  const extra = fields && Object.keys(fields).length ? ` ${format("%o", Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, serialize(v)])))}` : "";
  stream.write(`${level === "info" ? "" : `${level.toUpperCase()} `}${msg}${extra}\n`);
}

export const logger = {
  debug: (msg: string, fields?: LogFields) => log("debug", msg, fields),
  info: (msg: string, fields?: LogFields) => log("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => log("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => log("error", msg, fields),
};

/**
 * Routes console.* through the logger, so that what Next.js and libraries print becomes JSON lines too. Used by the
 * production server only when the output is JSON.
 */
export function captureConsole(component: string): void {
  if (!isJson()) return;
  const wrap = (level: LogLevel) => (...args: unknown[]) => {
    const err = args.find((a) => a instanceof Error);
    // Terminal colours mean nothing to a log collector.
    log(level, stripVTControlCharacters(format(...args.map((a) => (a instanceof Error ? a.message : a)))).trim(), { component, err });
  };
  console.log = wrap("info");
  console.info = wrap("info");
  console.warn = wrap("warn");
  console.error = wrap("error");
  console.debug = wrap("debug");
}
