import { apiRoute } from "@/lib/api/route";
import { decideOwnerSuggestions } from "@/lib/imports/suggestions";
import { ZSuggestionDecision } from "@/lib/imports/schemas";

export const dynamic = "force-dynamic";

/** Accepts or dismisses owner suggestions: {"ids": [...], "decision": "accept" | "dismiss"}. */
export const POST = apiRoute("identity:edit", async (req, viewer) => {
  const body = ZSuggestionDecision.parse(await req.json().catch(() => ({})));
  return Response.json({ data: await decideOwnerSuggestions(viewer, body) });
});
