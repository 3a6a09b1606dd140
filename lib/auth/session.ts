import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { db } from "../db";
import { authOptions } from "./options";
import { can, type Permission, type Viewer } from "./permissions";

/**
 * The signed-in user, re-read from the database on every request so a deactivated user or a role change takes
 * effect at once rather than when the JWT expires. Null when signed out or deactivated.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, role: true, active: true } });
  if (!user?.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** For pages: redirect to /login when signed out; HTTP 403 when the role lacks the permission. */
export async function requireViewer(permission?: Permission): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  if (permission && !can(viewer, permission)) forbidden();
  return viewer;
}
