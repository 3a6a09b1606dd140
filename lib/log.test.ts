import { afterEach, describe, expect, it, vi } from "vitest";
import { log, logLine } from "./log";

describe("logLine", () => {
  it("writes one JSON object with time, level, msg and the fields", () => {
    const line = JSON.parse(logLine("warn", "slow query", { ms: 812, route: "/inventory" }));
    expect(line).toMatchObject({ level: "warn", msg: "slow query", ms: 812, route: "/inventory" });
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it("keeps an error's name, message and stack, and drops undefined fields", () => {
    const line = JSON.parse(logLine("error", "failed", { err: new TypeError("boom"), gone: undefined }));
    expect(line.err).toMatchObject({ name: "TypeError", message: "boom" });
    expect(line.err.stack).toContain("boom");
    expect("gone" in line).toBe(false);
  });
});

describe("log", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.LOG_FORMAT;
    delete process.env.LOG_LEVEL;
  });

  it("honours LOG_LEVEL and sends errors to stderr as JSON", () => {
    process.env.LOG_FORMAT = "json";
    process.env.LOG_LEVEL = "warn";
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    log("info", "hidden");
    log("error", "shown", { code: 7 });
    expect(out).not.toHaveBeenCalled();
    expect(JSON.parse(String(err.mock.calls[0]![0]))).toMatchObject({ level: "error", msg: "shown", code: 7 });
  });
});
