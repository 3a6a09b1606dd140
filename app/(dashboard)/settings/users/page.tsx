import type { Metadata } from "next";
import Link from "next/link";
import { requireViewer } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { listTeams, listUsers, USER_PAGE_SIZE, ZUserListQuery } from "@/lib/users/queries";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { formatNumber } from "@/lib/utils";
import { CreateUserForm } from "./create-user-form";
import { UsersTable } from "./users-table";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const viewer = await requireViewer("user:manage");
  const query = ZUserListQuery.parse(await searchParams);
  const [{ rows, total }, teams] = await Promise.all([listUsers(viewer, query), listTeams(viewer)]);
  const pages = Math.max(1, Math.ceil(total / USER_PAGE_SIZE));
  const href = (page: number) => `/settings/users?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), page: String(page) })}`;
  const roles = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          People who sign in to Steward. A deactivated user cannot sign in and their API tokens stop working at once; their NHIs
          show as owned by an inactive person until reassigned. Every change is in the audit log.
        </p>
      </div>
      <section aria-labelledby="users-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="users-heading" className="text-lg font-semibold">
            {formatNumber(total)} {total === 1 ? "user" : "users"}
          </h2>
          <form role="search" className="flex gap-2" action="/settings/users">
            <Input name="q" defaultValue={query.q ?? ""} placeholder="Name or e-mail" aria-label="Search users" className="w-64" />
            <Button type="submit" variant="outline">
              Search
            </Button>
          </form>
        </div>
        {rows.length === 0 ? (
          <EmptyState title="No users match" description={query.q ? "Try another name or e-mail." : "Add one below."} />
        ) : (
          <UsersTable rows={rows} teams={teams} roles={roles} selfId={viewer.id} />
        )}
        {pages > 1 ? (
          <nav aria-label="User pages" className="flex items-center gap-2 text-sm">
            {query.page > 1 ? (
              <Button asChild variant="outline" size="sm">
                <Link href={href(query.page - 1)}>Previous</Link>
              </Button>
            ) : null}
            <span className="text-muted-foreground">
              Page {query.page} of {pages}
            </span>
            {query.page < pages ? (
              <Button asChild variant="outline" size="sm">
                <Link href={href(query.page + 1)}>Next</Link>
              </Button>
            ) : null}
          </nav>
        ) : null}
      </section>
      <Card>
        <CardHeader>
          <CardTitle>Add a user</CardTitle>
          <CardDescription>They sign in with this e-mail and password (or SSO with the same e-mail, when configured).</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateUserForm roles={roles} />
        </CardContent>
      </Card>
    </div>
  );
}
