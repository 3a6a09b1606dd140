"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { UserRow } from "@/lib/users/queries";
import { formatRelative } from "@/lib/utils";
import { updateUserAction } from "./actions";

type Option = { value: string; label: string };

/** One row per user: role, team and active are edited in place and saved per row. */
export function UsersTable({ rows, teams, roles, selfId }: { rows: UserRow[]; teams: { id: string; name: string }[]; roles: Option[]; selfId: string }) {
  return (
    <div className="rounded-lg border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Team</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Last sign-in</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((u) => (
            <UserLine key={`${u.id}:${u.role}:${u.team?.id ?? ""}:${u.active}`} user={u} teams={teams} roles={roles} isSelf={u.id === selfId} />
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function UserLine({ user, teams, roles, isSelf }: { user: UserRow; teams: { id: string; name: string }[]; roles: Option[]; isSelf: boolean }) {
  const router = useRouter();
  const [role, setRole] = useState<string>(user.role);
  const [teamId, setTeamId] = useState(user.team?.id ?? "");
  const [pending, start] = useTransition();
  const [error, setError] = useState<string>();
  const changed = role !== user.role || teamId !== (user.team?.id ?? "");
  const save = (changes: { role?: string; teamId?: string | null; active?: boolean }) =>
    start(async () => {
      setError(undefined);
      const res = await updateUserAction({ id: user.id, changes: changes as never });
      if (!res.ok) setError(res.error);
      router.refresh();
    });
  return (
    <TableRow>
      <TableCell>
        <span className="font-medium">{user.name}</span>
        {isSelf ? <span className="ml-1 text-xs text-muted-foreground">(you)</span> : null}
        <span className="block text-xs text-muted-foreground">{user.email}</span>
        {error ? <span role="alert" className="block text-xs text-critical-foreground">{error}</span> : null}
      </TableCell>
      <TableCell>
        <Select aria-label={`Role of ${user.email}`} value={role} onChange={(e) => setRole(e.target.value)} className="w-44" disabled={pending}>
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>
      </TableCell>
      <TableCell>
        <Select aria-label={`Team of ${user.email}`} value={teamId} onChange={(e) => setTeamId(e.target.value)} className="w-40" disabled={pending}>
          <option value="">No team</option>
          {teams.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </TableCell>
      <TableCell>{user.active ? <Badge variant="success" dot>Active</Badge> : <Badge variant="neutral" dot>Deactivated</Badge>}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">{user.lastLoginAt ? formatRelative(user.lastLoginAt) : "Never"}</TableCell>
      <TableCell className="text-right">
        <div className="flex justify-end gap-2">
          <Button size="sm" disabled={!changed || pending} onClick={() => save({ role, teamId: teamId || null })} aria-label={`Save ${user.email}`}>
            Save
          </Button>
          <Button size="sm" variant="outline" disabled={pending} onClick={() => save({ active: !user.active })} aria-label={`${user.active ? "Deactivate" : "Reactivate"} ${user.email}`}>
            {user.active ? "Deactivate" : "Reactivate"}
          </Button>
        </div>
      </TableCell>
    </TableRow>
  );
}
