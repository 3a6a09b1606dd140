"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FieldError } from "@/components/ui/field-error";
import { Label } from "@/components/ui/label";
import { Alert } from "@/components/ui/alert";
import { PersonPicker } from "../person-picker";
import { bulkAssignOwnerAction } from "./actions";

export function BulkAssignOwner({ identityIds, onDone }: { identityIds: string[]; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [ownerId, setOwnerId] = useState("");
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const n = identityIds.length;

  function submit() {
    setError(undefined);
    setFieldError(undefined);
    startTransition(async () => {
      const res = await bulkAssignOwnerAction({ identityIds, ownerId });
      if (!res.ok) {
        setError(res.fieldErrors?.identityIds ? undefined : res.error);
        setFieldError(res.fieldErrors?.ownerId);
        return;
      }
      setOpen(false);
      setOwnerId("");
      onDone();
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm">Assign owner…</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Assign an owner to {n} NHI{n === 1 ? "" : "s"}</DialogTitle>
          <DialogDescription>
            The owner becomes accountable for these identities and will attest to them in the next campaign. Each change is
            recorded in the audit log.
          </DialogDescription>
        </DialogHeader>
        {error ? <Alert variant="destructive">{error}</Alert> : null}
        <div className="space-y-1.5">
          <Label htmlFor="bulk-owner">New owner</Label>
          <PersonPicker id="bulk-owner" purpose="owner" value={ownerId} onChange={setOwnerId} aria-describedby="bulk-owner-error" />
          <FieldError id="bulk-owner-error" message={fieldError} />
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={pending || !ownerId}>
            {pending ? "Assigning…" : `Assign to ${n} NHI${n === 1 ? "" : "s"}`}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
