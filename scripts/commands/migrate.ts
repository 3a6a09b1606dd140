import { migrate } from "../../lib/db/migrate";

export async function runMigrate(): Promise<number> {
  const t0 = Date.now();
  const result = await migrate();
  const what = result.applied.length ? `applied ${result.applied.join(", ")}` : "already up to date";
  console.log(`Migrations ${what} (${result.target}, ${Date.now() - t0} ms)`);
  return 0;
}
