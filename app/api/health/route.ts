export const dynamic = "force-dynamic";

// Liveness: the process serves HTTP. It deliberately does not touch the database, so that an orchestrator does not
// restart every replica when PostgreSQL blips; /api/ready covers the database and migrations.
export function GET() {
  return Response.json({ status: "ok" });
}
