import "server-only";
import { z } from "zod";
import { can, type Permission, type Viewer } from "../auth/permissions";
import { getViewer } from "../auth/session";
import { env } from "../env";
import { logger } from "../log";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { authenticateToken, bearerToken } from "../tokens/auth";
import { FixedWindowLimiter, rateLimitHeaders } from "./rate-limit";
import { clientIp, isCrossSite, isSafeMethod, isUnsafeText, unsafeJsonPart, unsafeUrlPart } from "./request";

export type ApiErrorCode =
  | "unauthenticated"
  | "invalid_token"
  | "token_expired"
  | "token_revoked"
  | "forbidden"
  | "cross_site_request"
  | "not_found"
  | "conflict"
  | "invalid_request"
  | "invalid_json"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

export function apiError(status: number, code: ApiErrorCode, message: string, details?: unknown): Response {
  return Response.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, { status });
}

/** JSON request bodies larger than this are refused before they are read (file uploads use multipart). */
export const MAX_JSON_BYTES = 1024 * 1024;

const globalForLimiter = globalThis as unknown as { __stewardApiLimiter?: FixedWindowLimiter };
function limiter(): FixedWindowLimiter {
  globalForLimiter.__stewardApiLimiter ??= new FixedWindowLimiter(env().STEWARD_API_RATE_LIMIT, 60_000);
  return globalForLimiter.__stewardApiLimiter;
}

type Authenticated = { ok: true; viewer: Viewer; viaCookie: boolean } | { ok: false; response: Response };

/** An API token when the request sends `Authorization`, else the session cookie. */
async function authenticate(req: Request): Promise<Authenticated> {
  const token = bearerToken(req);
  if (token !== null) {
    const url = new URL(req.url);
    const r = await authenticateToken(token, { ip: clientIp(req.headers), method: req.method, path: url.pathname });
    return r.ok ? { ok: true, viewer: r.viewer, viaCookie: false } : { ok: false, response: apiError(401, r.code, r.message) };
  }
  const viewer = await getViewer();
  if (!viewer) return { ok: false, response: apiError(401, "unauthenticated", "Sign in or send an API token (Authorization: Bearer stw_...).") };
  return { ok: true, viewer, viaCookie: true };
}

function forbidden(viewer: Viewer, permission: Permission): Response {
  if (viewer.scopes && !viewer.scopes.includes(permission) && can({ role: viewer.role }, permission)) {
    return apiError(403, "forbidden", `This API token lacks the scope "${permission}".`);
  }
  return apiError(403, "forbidden", "Your role does not allow this.");
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  try {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  } catch {
    // Immutable headers (a fetched Response passed through): copy it.
    const copy = new Response(res.body, res);
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v);
    return copy;
  }
}

/**
 * The one route-handler wrapper for /api/v1 (DESIGN.md 5.3). In order:
 * 1. authenticates an API token (`Authorization: Bearer stw_...`) or else the session cookie;
 * 2. counts the request against the caller's rate limit (per token, per user, or per IP when anonymous);
 * 3. refuses cookie-authenticated state changes sent from another site (CSRF; tokens are not ambient, so exempt);
 * 4. checks the permission (a token's effective permissions are its scopes ∩ its creator's current role);
 * 5. refuses oversized JSON bodies, then runs the handler, mapping expected errors to
 *    {"error": {code, message, details}} with the right status and hiding unexpected ones (no stack, no SQL).
 */
export function apiRoute<Ctx>(permission: Permission, handler: (req: Request, viewer: Viewer, ctx: Ctx) => Promise<Response>) {
  return async (req: Request, ctx: Ctx): Promise<Response> => {
    const auth = await authenticate(req);
    const key = auth.ok ? (auth.viewer.tokenId ? `token:${auth.viewer.tokenId}` : `user:${auth.viewer.id}`) : `ip:${clientIp(req.headers) ?? "unknown"}`;
    const rate = limiter().hit(key);
    const headers = rateLimitHeaders(rate);
    const respond = (res: Response) => withHeaders(res, headers);
    if (!rate.ok) return respond(apiError(429, "rate_limited", `Too many requests: at most ${rate.limit} a minute. Retry after the time in Retry-After.`));
    if (!auth.ok) return respond(auth.response);
    const { viewer, viaCookie } = auth;
    if (viaCookie && !isSafeMethod(req.method) && isCrossSite(req)) {
      return respond(apiError(403, "cross_site_request", "Cross-site request refused: send it from Steward itself, or use an API token."));
    }
    if (!can(viewer, permission)) return respond(forbidden(viewer, permission));
    const length = Number(req.headers.get("content-length") ?? 0);
    if (/json/i.test(req.headers.get("content-type") ?? "") && length > MAX_JSON_BYTES) {
      return respond(apiError(413, "payload_too_large", `JSON bodies are limited to ${MAX_JSON_BYTES / 1024} KB.`));
    }
    const badUrl = unsafeUrlPart(new URL(req.url));
    if (badUrl) return respond(apiError(400, "invalid_request", `The ${badUrl} contains a NUL character or invalid Unicode.`));
    try {
      return respond(await handler(guardBody(req), viewer, ctx));
    } catch (err) {
      return respond(toApiError(req, err));
    }
  };
}

function toApiError(req: Request, err: unknown): Response {
  if (err instanceof z.ZodError) return apiError(400, "invalid_request", "The request is not valid.", err.issues.map(cleanIssue));
  if (err instanceof ConflictError) return apiError(409, "conflict", err.message, err.fieldErrors);
  if (err instanceof ValidationError) return apiError(400, "invalid_request", err.message, err.fieldErrors);
  if (err instanceof ForbiddenError) return apiError(403, "forbidden", err.message);
  if (err instanceof NotFoundError) return apiError(404, "not_found", err.message);
  // `await req.json()` on a malformed body.
  if (err instanceof SyntaxError) return apiError(400, "invalid_json", "The request body is not valid JSON.");
  if (err instanceof BodyTooLargeError) return apiError(413, "payload_too_large", err.message);
  if (err instanceof UnsafeBodyError) return apiError(400, "invalid_request", err.message);
  if (isPoolBusy(err)) {
    logger.warn("api request refused: no database connection free", { method: req.method, path: new URL(req.url).pathname });
    const res = apiError(503, "unavailable", "The server is busy: no database connection came free in time. Retry in a few seconds.");
    res.headers.set("Retry-After", "5");
    return res;
  }
  logger.error("api request failed", { method: req.method, path: new URL(req.url).pathname, err });
  return apiError(500, "internal", "Something went wrong on our side.");
}

/** Prisma could not start a transaction within its maxWait: every pooled connection stayed busy (P2028). */
export function isPoolBusy(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === "P2028" && typeof e.message === "string" && e.message.includes("Unable to start a transaction");
}

/** Zod issues without the offending input echoed back (it may be huge, or a secret pasted in the wrong field). */
function cleanIssue(issue: z.core.$ZodIssue) {
  return { path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), code: issue.code, message: issue.message };
}

export class BodyTooLargeError extends Error {}
export class UnsafeBodyError extends Error {}

async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(`JSON bodies are limited to ${maxBytes / 1024} KB.`);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}

/**
 * Route files read bodies with `req.json()` / `req.formData()` as usual; the wrapper swaps in versions that cap the
 * size, turn malformed JSON into 400 (SyntaxError) and refuse text PostgreSQL cannot store or absurd nesting, so
 * no route can be pushed into a 500 or a half-done write by its input.
 */
function guardBody(req: Request): Request {
  const formData = req.formData.bind(req);
  Object.defineProperties(req, {
    json: {
      value: async () => checkedJson(JSON.parse(await readBodyText(req, MAX_JSON_BYTES)) as unknown),
    },
    formData: {
      value: async () => {
        const form = await formData();
        for (const [k, v] of form) {
          if (isUnsafeText(k) || (typeof v === "string" && isUnsafeText(v)) || (typeof v !== "string" && isUnsafeText(v.name))) {
            throw new UnsafeBodyError(`The form field "${isUnsafeText(k) ? "?" : k}" contains a NUL character or invalid Unicode.`);
          }
        }
        return form;
      },
    },
  });
  return req;
}

/** Reads the JSON body (size-capped and checked by the wrapper) and parses it with `schema`: errors become 4xx. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  return schema.parse(await req.json());
}

function checkedJson(value: unknown): unknown {
  const bad = unsafeJsonPart(value);
  if (bad) throw new UnsafeBodyError(`The request body at ${bad} contains a NUL character, invalid Unicode or too much nesting.`);
  return value;
}

/**
 * The JSON body of a request, size-capped and checked like req.json(); malformed JSON is a 400 rather than a 500.
 * An empty body is `{}` when `optional` (e.g. an approval without a comment), a 400 otherwise.
 */
export async function jsonBody(req: Request, { optional = false }: { optional?: boolean } = {}): Promise<unknown> {
  const text = await readBodyText(req, MAX_JSON_BYTES);
  if (!text.trim()) {
    if (optional) return {};
    throw new ValidationError("Send a JSON body (Content-Type: application/json).");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError("The body is not valid JSON.");
  }
  return checkedJson(value);
}
