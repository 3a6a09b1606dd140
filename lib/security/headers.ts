// Response security headers that depend on the request (issue 6.6). Static ones (X-Frame-Options, nosniff,
// Referrer-Policy, Permissions-Policy, the API's CSP) are in next.config.js.

export interface CspOptions {
  nonce: string;
  /** `next dev` evaluates code for fast refresh; production never needs 'unsafe-eval'. */
  dev: boolean;
  /** Served over TLS: upgrade any http subresource. Off on plain http (it would break every request). */
  https: boolean;
  /** Origins a form may post or redirect to besides this one (the single sign-on provider). */
  formTargets?: string[];
}

/**
 * The page CSP: scripts only with this response's nonce ('strict-dynamic' lets Next's nonce'd loader add its
 * chunks), no inline script, no plugins, no framing. Styles allow inline: React style attributes and the
 * styles Next inlines need it, and CSS cannot run code.
 */
export function pageCsp({ nonce, dev, https, formTargets = [] }: CspOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${formTargets.map((o) => ` ${o}`).join("")}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Two years, subdomains included: once a browser has seen Steward over TLS it never tries plain http again. */
export const HSTS = "max-age=63072000; includeSubDomains";

/** Whether the request reached us over TLS (directly, or via a TLS-terminating proxy that says so). */
export function isHttps(url: URL, headers: Headers): boolean {
  if (url.protocol === "https:") return true;
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** A fresh, unguessable nonce per response (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
