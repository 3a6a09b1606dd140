import { apiRoute } from "@/lib/api/route";
import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

export const GET = apiRoute("identity:read", async () => Response.json(openApiDocument()));
