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

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text PostgreSQL cannot store as given: NUL characters (refused by the server: a 500 if it got that far) and
 * unpaired UTF-16 surrogates (silently turned into U+FFFD on the way in). Requests carrying them get a 400.
 */
export function isUnsafeText(s: string): boolean {
  return s.includes("\u0000") || LONE_SURROGATE.test(s);
}

/** The first unsafe spot in a URL's path segments or query (decoded), or null. Malformed %-escapes count too. */
export function unsafeUrlPart(url: URL): string | null {
  for (const segment of url.pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return "path";
    }
    if (isUnsafeText(decoded)) return "path";
  }
  for (const [k, v] of url.searchParams) if (isUnsafeText(k) || isUnsafeText(v)) return `query parameter "${isUnsafeText(k) ? "?" : k}"`;
  return null;
}

export const MAX_JSON_DEPTH = 64;

/** Where a parsed JSON value holds unsafe text or nests deeper than MAX_JSON_DEPTH (iterative: no stack overflow). */
export function unsafeJsonPart(value: unknown): string | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: "$", depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) return `${path.slice(0, 80)} (nested more than ${MAX_JSON_DEPTH} levels)`;
    if (typeof v === "string") {
      if (isUnsafeText(v)) return path.slice(0, 200);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: `${path}[${i}]`, depth: depth + 1 }));
    } else if (v && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        if (isUnsafeText(k)) return `${path.slice(0, 200)} (a key)`;
        stack.push({ v: item, path: `${path}.${k}`, depth: depth + 1 });
      }
    }
  }
  return null;
}
