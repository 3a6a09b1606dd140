import { db } from "../lib/db";
import { backfillSql } from "../lib/posture/backfill";
const today = new Date().toISOString().slice(0, 10);
await db.$transaction(async (tx) => {
  await tx.$executeRawUnsafe(`DELETE FROM "PostureSnapshot" WHERE day < $1::date`, today);
  await tx.$executeRawUnsafe("SET LOCAL jit = off");
  const rows = await tx.$queryRawUnsafe<any[]>(`EXPLAIN (ANALYZE) ${backfillSql()}`, 180, today);
  console.log(rows.map((r) => Object.values(r)[0]).join("\n"));
  throw new Error("rollback");
}).catch((e) => console.log(String(e).slice(-600)));
await db.$disconnect();
