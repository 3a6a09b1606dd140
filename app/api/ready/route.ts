import { checkReadiness } from "@/lib/db/readiness";

export const dynamic = "force-dynamic";

// Readiness for load balancers and orchestrators: 200 when the database answers and is fully migrated, 503 with the
// reason otherwise. Reveals nothing about the estate.
export async function GET() {
  const r = await checkReadiness();
  if (r.ready) return Response.json({ status: "ready", migrations: r.migrations });
  return Response.json({ status: "not_ready", reason: r.reason, message: r.message, ...(r.pending ? { pending: r.pending } : {}) }, { status: 503 });
}
