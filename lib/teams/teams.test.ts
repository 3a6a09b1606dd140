// Team leads: an admin sets one from the team's active members (audited); anyone else, or a non-member, is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import { makeUser } from "../testing/fixtures";

let t: TestDb;
beforeAll(async () => {
  t = await setupTestDb();
});
afterAll(async () => t?.cleanup());

describe("team leads", () => {
  it("sets and clears a lead from the team's members, audited; refuses outsiders and non-admins", async () => {
    const { db } = await import("../db");
    const { listTeams, setTeamLead } = await import("./teams");
    const team = await db.team.create({ data: { name: "Payments" } });
    const other = await db.team.create({ data: { name: "Data" } });
    const admin = await makeUser("ADMIN");
    const member = await makeUser("OWNER", { teamId: team.id });
    const outsider = await makeUser("OWNER", { teamId: other.id });
    const gone = await makeUser("OWNER", { teamId: team.id, active: false });

    await setTeamLead(admin, { teamId: team.id, leadId: member.id });
    expect((await listTeams(admin)).find((x) => x.id === team.id)?.lead?.id).toBe(member.id);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { action: "team.update", targetId: team.id } });
    expect(ev).toMatchObject({ actorId: admin.id, before: { leadId: null }, after: { leadId: member.id } });

    await expect(setTeamLead(admin, { teamId: team.id, leadId: outsider.id })).rejects.toThrow(/member of Payments/);
    await expect(setTeamLead(admin, { teamId: team.id, leadId: gone.id })).rejects.toThrow(/no longer active/);
    await expect(setTeamLead(member, { teamId: team.id, leadId: member.id })).rejects.toThrow(/permission/);
    await expect(setTeamLead(admin, { teamId: "nope", leadId: null })).rejects.toThrow(/not found/);

    await setTeamLead(admin, { teamId: team.id, leadId: "" });
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).leadId).toBeNull();
  });
});
