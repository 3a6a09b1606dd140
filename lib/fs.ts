import fs from "node:fs";
import path from "node:path";

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir never returns under some virtual file systems (seen
 * with /proc), and a start command must fail with a message, not hang.
 */
export function mkdirp(dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) mkdirp(parent);
  fs.mkdirSync(dir);
}
