import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { unsafeUrlPart } from "./lib/api/request";
import { authSecret } from "./lib/auth/secret";
import { HSTS, isHttps, newNonce, pageCsp } from "./lib/security/headers";

// Signed-out visitors are redirected (pages) or refused (API); every page, action and API route authorizes again in
// the data layer. Pages also get a per-response CSP nonce here (Next adds it to its own scripts).
const PUBLIC_PATHS = ["/login", "/api/auth/", "/api/health", "/api/ready"];

export async function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  const isApi = pathname.startsWith("/api/");
  // A NUL or broken Unicode in the URL would reach a database query as an id or filter: refuse it up front.
  const badUrl = unsafeUrlPart(new URL(req.url));
  if (badUrl) {
    const message = `The ${badUrl} contains a NUL character or invalid Unicode.`;
    return isApi ? NextResponse.json({ error: { code: "invalid_request", message } }, { status: 400 }) : new NextResponse(message, { status: 400 });
  }
  const isPublic = PUBLIC_PATHS.some((p) => pathname === p || (p.endsWith("/") && pathname.startsWith(p)));
  // API tokens are checked by the route wrapper (lib/api/route.ts), which also answers their errors.
  const hasBearer = pathname.startsWith("/api/v1/") && req.headers.has("authorization");
  if (!isPublic && !hasBearer && !(await getToken({ req, secret: authSecret() }))) {
    if (isApi) {
      return NextResponse.json({ error: { code: "unauthenticated", message: "Sign in or send an API token (Authorization: Bearer stw_...)." } }, { status: 401 });
    }
    const login = new URL("/login", req.url);
    login.searchParams.set("callbackUrl", pathname + req.nextUrl.search);
    return NextResponse.redirect(login);
  }

  const https = isHttps(req.nextUrl, req.headers);
  let res: NextResponse;
  if (isApi) {
    res = NextResponse.next();
  } else {
    const nonce = newNonce();
    const csp = pageCsp({ nonce, dev: process.env.NODE_ENV === "development", https, formTargets: ssoOrigin() });
    // Next reads the nonce from the request's CSP header and puts it on the scripts it renders.
    const headers = new Headers(req.headers);
    headers.set("content-security-policy", csp);
    headers.set("x-nonce", nonce);
    res = NextResponse.next({ request: { headers } });
    res.headers.set("Content-Security-Policy", csp);
  }
  if (https) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

/** Signing in with SSO posts a form that redirects to the identity provider; form-action must allow it. */
function ssoOrigin(): string[] {
  const issuer = process.env.OIDC_ISSUER;
  if (!issuer) return [];
  try {
    return [new URL(issuer).origin];
  } catch {
    return [];
  }
}

export const config = {
  // Everything except built assets and images (they carry no session and run no script), and the two import upload
  // endpoints: for a request the proxy sees, Next.js copies the whole body into memory (up to proxyClientMaxBodySize)
  // and holds it until the body has ended, before the route runs. A 150 MB upload raised the server's RSS from 363
  // to 788 MiB that way. Their route (lib/api/route.ts apiRoute) authenticates, rate-limits and checks the URL itself,
  // and lib/imports/http.ts streams the body to disk.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/v1/imports(?:/preview)?/?$|.*\\.png$|.*\\.svg$).*)"],
};
