import { db, Prisma } from "../lib/db";
import { postureFiguresSql } from "../lib/posture/figures";
import { loadRuleContext } from "../lib/rules/context";
const ctx = await loadRuleContext();
const q = postureFiguresSql(ctx);
const rows = await db.$queryRawUnsafe<Array<Record<string, string>>>(`EXPLAIN ${q.text}`, ...q.values);
console.log(rows.map((r) => Object.values(r)[0]).join("\n"));
await db.$disconnect();
