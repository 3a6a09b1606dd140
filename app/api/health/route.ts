import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

// Liveness + database reachability for load balancers; reveals nothing about the estate.
export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
