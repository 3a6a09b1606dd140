import { apiRoute } from "@/lib/api/route";
import { listRulesWithCounts } from "@/lib/findings/queries";

export const dynamic = "force-dynamic";

/** The rule catalog: ids, titles, severity, OWASP NHI and NIST CSF 2.0 mapping, open/excepted counts in scope. */
export const GET = apiRoute("finding:read", async (_req, viewer) => Response.json({ data: await listRulesWithCounts(viewer), nextCursor: null }));
