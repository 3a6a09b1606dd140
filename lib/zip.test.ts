import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { zipStream } from "./zip";
import { unzipText } from "./testing/unzip";

async function collect(it: AsyncIterable<Uint8Array>) {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

describe("streaming zip", () => {
  it("writes entries from async chunks that unzip back byte for byte", async () => {
    async function* big() {
      for (let i = 0; i < 2000; i++) yield `row ${i},ünïcode,${"x".repeat(i % 50)}\n`;
    }
    const zip = await collect(zipStream([{ name: "a.csv", content: big() }, { name: "empty.txt", content: [] }, { name: "b.json", content: ['{"k":', "[1,2,3]}"] }]));
    const files = unzipText(zip);
    expect(Object.keys(files)).toEqual(["a.csv", "empty.txt", "b.json"]);
    expect(files["a.csv"].split("\n")).toHaveLength(2001);
    expect(files["a.csv"]).toContain("row 1999,ünïcode,");
    expect(files["empty.txt"]).toBe("");
    expect(JSON.parse(files["b.json"])).toEqual({ k: [1, 2, 3] });
    // And a standard tool agrees, where one is installed.
    const unzip = ["/usr/bin/unzip", "/bin/unzip"].find((p) => fs.existsSync(p));
    if (unzip) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zip-")), "t.zip");
      fs.writeFileSync(file, zip);
      expect(execFileSync(unzip, ["-t", file]).toString()).toMatch(/No errors detected/);
      expect(execFileSync(unzip, ["-p", file, "b.json"]).toString()).toBe('{"k":[1,2,3]}');
    }
  });
});
