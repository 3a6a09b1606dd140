import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { authSecret } from "./lib/auth/secret";

// Only redirects signed-out visitors; every page, action and API route authorizes again in the data layer.
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: authSecret() });
  if (token) return NextResponse.next();
  if (req.nextUrl.pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "unauthenticated", message: "Sign in or send an API token." } }, { status: 401 });
  }
  const login = new URL("/login", req.url);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // Everything except sign-in, next-auth's own routes, static assets and the health check.
  matcher: ["/((?!login|api/auth|api/health|api/ready|_next/static|_next/image|favicon.ico|.*\\.png$|.*\\.svg$).*)"],
};
