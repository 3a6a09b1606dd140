import "server-only";
import { z } from "zod";
import { can, type Permission, type Viewer } from "../auth/permissions";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { getViewer } from "../auth/session";
import { logger } from "../log";

/** Why an action failed, for callers that branch on it (and the access matrix); `error` is the message to show. */
export type ActionFailureCode = "unauthenticated" | "forbidden" | "not_found" | "invalid" | "internal";

export type ActionFailure = { ok: false; error: string; code: ActionFailureCode; fieldErrors?: Record<string, string> };

export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/**
 * The one server-action wrapper (DESIGN.md 5.3): authenticates, checks the permission, parses the input with the
 * same zod schema the form used, maps expected errors to a message and hides unexpected ones.
 */
export function action<S extends z.ZodType, T>(
  permission: Permission | Permission[],
  schema: S,
  handler: (viewer: Viewer, input: z.infer<S>) => Promise<T>,
) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    const viewer = await getViewer();
    if (!viewer) return { ok: false, code: "unauthenticated", error: "Your session has ended. Sign in again." };
    const permissions = Array.isArray(permission) ? permission : [permission];
    if (!permissions.some((p) => can(viewer, p))) return { ok: false, code: "forbidden", error: new ForbiddenError().message };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
      return { ok: false, code: "invalid", error: "Check the highlighted fields.", fieldErrors };
    }
    try {
      return { ok: true, data: await handler(viewer, parsed.data) };
    } catch (err) {
      return toFailure(err);
    }
  };
}

export function toFailure(err: unknown): ActionFailure {
  if (err instanceof ValidationError) return { ok: false, code: "invalid", error: err.message, fieldErrors: err.fieldErrors };
  if (err instanceof ForbiddenError) return { ok: false, code: "forbidden", error: err.message };
  if (err instanceof NotFoundError) return { ok: false, code: "not_found", error: err.message };
  // Unexpected: log for operators, tell the user nothing internal.
  logger.error("server action failed", { err });
  return { ok: false, code: "internal", error: "Something went wrong on our side. Nothing was changed; try again." };
}
