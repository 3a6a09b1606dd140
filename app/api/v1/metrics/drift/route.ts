import { apiRoute } from "@/lib/api/route";
import { getDriftMetrics } from "@/lib/posture/queries";
import { parseMetricsQuery } from "@/lib/posture/schemas";

export const dynamic = "force-dynamic";

// Query: range (30|90|180|365, default 90), team (team id), source (source id). Reads daily snapshots only.
export const GET = apiRoute("dashboard:read", async (req, viewer) => Response.json({ data: await getDriftMetrics(viewer, parseMetricsQuery(req.url)) }));
