import "server-only";
import { z } from "zod";
import { can, type Permission, type Viewer } from "../auth/permissions";
import { getViewer } from "../auth/session";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";

export type ApiErrorCode = "unauthenticated" | "forbidden" | "not_found" | "invalid_request" | "internal";

export function apiError(status: number, code: ApiErrorCode, message: string, details?: unknown): Response {
  return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status });
}

/**
 * The one route-handler wrapper for /api/v1 (DESIGN.md 5.3): authenticates the session, checks the permission,
 * maps expected errors to {"error": {code, message, details}} with the right status and hides unexpected ones.
 * API tokens (Bearer) plug in here when they land, so every route gets them at once.
 */
export function apiRoute<Ctx>(permission: Permission, handler: (req: Request, viewer: Viewer, ctx: Ctx) => Promise<Response>) {
  return async (req: Request, ctx: Ctx): Promise<Response> => {
    const viewer = await getViewer();
    if (!viewer) return apiError(401, "unauthenticated", "Sign in or send an API token.");
    if (!can(viewer, permission)) return apiError(403, "forbidden", "Your role does not allow this.");
    try {
      return await handler(req, viewer, ctx);
    } catch (err) {
      if (err instanceof z.ZodError) return apiError(400, "invalid_request", "The request is not valid.", err.issues);
      if (err instanceof ValidationError) return apiError(400, "invalid_request", err.message, err.fieldErrors);
      if (err instanceof ForbiddenError) return apiError(403, "forbidden", err.message);
      if (err instanceof NotFoundError) return apiError(404, "not_found", err.message);
      console.error(`${req.method} ${new URL(req.url).pathname} failed`, err);
      return apiError(500, "internal", "Something went wrong on our side.");
    }
  };
}

/**
 * The JSON body of a request; malformed JSON is a 400 (ValidationError) rather than a 500. An empty body is `{}` when
 * `optional` (e.g. an approval without a comment), a 400 otherwise.
 */
export async function jsonBody(req: Request, { optional = false }: { optional?: boolean } = {}): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) {
    if (optional) return {};
    throw new ValidationError("Send a JSON body (Content-Type: application/json).");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The body is not valid JSON.");
  }
}
