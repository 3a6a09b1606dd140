import "server-only";
import { db } from "../db";
import { assertCan, type Viewer } from "../auth/permissions";
import { recordAudit } from "../audit/log";
import { NotFoundError } from "../errors";
import { runRules } from "../rules/engine";
import { rotationPolicySelect } from "./queries";
import type { TRotationPolicyInput } from "./schemas";

const ROTATION_RULE = "credential-rotation-overdue";

// After any change, the rotation rule runs again so findings and risk scores follow the new policy at once.
async function reassess(viewer: Viewer) {
  await runRules({ ruleIds: [ROTATION_RULE], actor: viewer });
}

export async function createRotationPolicy(viewer: Viewer, input: TRotationPolicyInput) {
  assertCan(viewer, "settings:manage");
  const created = await db.$transaction(async (tx) => {
    const p = await tx.rotationPolicy.create({ data: input, select: rotationPolicySelect });
    await recordAudit(tx, { actor: viewer, action: "rotationPolicy.create", targetType: "RotationPolicy", targetId: p.id, after: input });
    return p;
  });
  await reassess(viewer);
  return created;
}

export async function updateRotationPolicy(viewer: Viewer, id: string, input: TRotationPolicyInput) {
  assertCan(viewer, "settings:manage");
  const updated = await db.$transaction(async (tx) => {
    const before = await tx.rotationPolicy.findUnique({ where: { id }, select: rotationPolicySelect });
    if (!before) throw new NotFoundError("No such rotation policy.");
    const p = await tx.rotationPolicy.update({ where: { id }, data: input, select: rotationPolicySelect });
    const { createdAt: _c, updatedAt: _u, id: _i, ...was } = before;
    await recordAudit(tx, { actor: viewer, action: "rotationPolicy.update", targetType: "RotationPolicy", targetId: id, before: was, after: input });
    return p;
  });
  await reassess(viewer);
  return updated;
}

export async function deleteRotationPolicy(viewer: Viewer, id: string) {
  assertCan(viewer, "settings:manage");
  await db.$transaction(async (tx) => {
    const before = await tx.rotationPolicy.findUnique({ where: { id }, select: rotationPolicySelect });
    if (!before) throw new NotFoundError("No such rotation policy.");
    await tx.rotationPolicy.delete({ where: { id } });
    const { createdAt: _c, updatedAt: _u, id: _i, ...was } = before;
    await recordAudit(tx, { actor: viewer, action: "rotationPolicy.delete", targetType: "RotationPolicy", targetId: id, before: was });
  });
  await reassess(viewer);
}
