import "server-only";
import { db } from "../db";
import { recordAudit } from "../audit/log";
import { assertCan, can, type Viewer } from "../auth/permissions";
import { NotFoundError, ValidationError } from "../errors";
import { taskScope } from "./queries";
import { ZTaskUpdate, type TTaskUpdate } from "./schemas";
import { TASK_STATUS_LABELS } from "./labels";
import { allowedFrom } from "../campaigns/state";

/**
 * Moves a task along (open -> in progress -> done, or cancelled). Owners may move the tasks they can see; admins
 * any. When the last open task of a campaign in REMEDIATION is resolved, the campaign closes (audited too).
 */
export async function updateTaskStatus(viewer: Viewer, id: string, raw: TTaskUpdate, now = new Date()) {
  assertCan(viewer, "remediation:work");
  const input = ZTaskUpdate.parse(raw);
  return db.$transaction(async (tx) => {
    const scope = can(viewer, "campaign:manage") ? {} : taskScope(viewer);
    const task = await tx.remediationTask.findFirst({ where: { AND: [{ id }, scope] }, select: { id: true, status: true, campaignId: true } });
    if (!task) throw new NotFoundError("Task not found.");
    if (task.status === input.status) return { id, status: task.status, campaignClosed: false };
    if (input.status === "CANCELLED" && !input.note) throw new ValidationError("Say why the task is cancelled.", { note: "Required to cancel" });
    const resolved = input.status === "DONE" || input.status === "CANCELLED";
    await tx.remediationTask.update({
      where: { id },
      data: { status: input.status, closedAt: resolved ? now : null, closedById: resolved ? viewer.id : null },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: "remediation.update",
      targetType: "RemediationTask",
      targetId: id,
      before: { status: task.status },
      after: { status: input.status },
      meta: input.note ? { note: input.note } : undefined,
    });
    let campaignClosed = false;
    if (resolved && task.campaignId) {
      const open = await tx.remediationTask.count({ where: { campaignId: task.campaignId, status: { in: ["OPEN", "IN_PROGRESS"] } } });
      if (open === 0) {
        const moved = await tx.campaign.updateMany({ where: { id: task.campaignId, status: { in: allowedFrom("complete") } }, data: { status: "CLOSED", closedAt: now } });
        if (moved.count) {
          campaignClosed = true;
          await recordAudit(tx, {
            actor: viewer,
            action: "campaign.complete",
            targetType: "Campaign",
            targetId: task.campaignId,
            before: { status: "REMEDIATION" },
            after: { status: "CLOSED" },
            meta: { reason: `last remediation task ${TASK_STATUS_LABELS[input.status].toLowerCase()}` },
          });
        }
      }
    }
    return { id, status: input.status, campaignClosed };
  });
}
