// Facts about an incoming request that security checks need, in one place.

/**
 * The client's address: the last X-Forwarded-For hop (what the nearest proxy saw; Next sets the header to the
 * socket address when no proxy did), else X-Real-IP. Behind a reverse proxy, have it overwrite or append the
 * header; a client-supplied value is only trusted as far as that proxy lets it through (SECURITY.md).
 */
export function clientIp(headers: Headers): string | null {
  const xff = headers.get("x-forwarded-for");
  const last = xff?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  return (last ?? headers.get("x-real-ip")?.trim() ?? null)?.slice(0, 64) || null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * True when a browser sent this request from another site (cross-site request forgery riding on the session
 * cookie). Browsers send Sec-Fetch-Site; older ones send Origin on every cross-origin POST. A request with neither
 * is not from a browser page, so it cannot be a forgery of this kind.
 */
export function isCrossSite(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
