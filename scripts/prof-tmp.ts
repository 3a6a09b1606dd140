import fs from "node:fs";
import { writeGenericCsv } from "./bench-import";
const file = "/tmp/g100k.csv";
if (!fs.existsSync(file)) writeGenericCsv(file, 100000);
const { migrate } = await import("../lib/db/migrate");
await migrate();
const { runImport } = await import("../lib/imports/pipeline");
const { closeDb } = await import("../lib/db");
for (let i = 0; i < Number(process.env.N ?? 1); i++) {
const t = performance.now();
const s = await runImport({ actor: { id: null, email: "b" }, format: "generic", files: [{ fileName: "g.csv", path: file }], profile: true });
console.log(JSON.stringify(s.identities), JSON.stringify(s.timings), Math.round(performance.now() - t));
}
await closeDb();
