/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WebAssembly and data files; bundling them breaks their loading (STACK.md).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "bcryptjs", "nodemailer"],
  poweredByHeader: false,
  // `npm test` runs `tsc --noEmit` over the whole repo (app, lib, scripts, tests) as its own step; repeating it
  // inside every build (also at `npm start` on a user machine) only costs time.
  typescript: { ignoreBuildErrors: true },
  // forbidden() gives a real 403 page when a role may not open a page.
  // proxyClientMaxBodySize: the proxy sees every request, including inventory uploads to /api/v1/imports.
  experimental: { authInterrupts: true, proxyClientMaxBodySize: "210mb" },
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
