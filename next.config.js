/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files; bundling them breaks their loading (STACK.md).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "bcryptjs", "nodemailer"],
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole repo (app, lib, scripts, tests) as its own step; repeating it
  // inside every build (also at `npm start` on a user machine) only costs time.
  typescript: { ignoreBuildErrors: true },
  // forbidden() gives a real 403 page when a role may not open a page.
  // proxyClientMaxBodySize: Next.js copies the body of every request the proxy sees into memory, up to this size
  // (past it, the route gets the body cut there). Import uploads bypass the proxy (its matcher) and are streamed to
  // disk; every other body is at most 1 MB (JSON, lib/api/route.ts; server actions, Next's default), and a longer one
  // cut at 2 MB is still refused as too large. A larger limit would let any client make the server hold that much.
  experimental: { authInterrupts: true, proxyClientMaxBodySize: "2mb" },
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      // JSON and files only: nothing under /api may run script or be framed. Pages get a nonce CSP from proxy.ts,
      // and HSTS is added there when the request came over TLS.
      {
        source: "/api/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
    ];
  },
};

export default nextConfig;
