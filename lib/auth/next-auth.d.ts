import type { Role } from "../db/generated/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; email?: string | null; name?: string | null; image?: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
  }
}
