// The people pickers' search (searchPeople): who may search for which purpose, whom each purpose offers, how a
// term matches and ranks, the limit, and that the trigram indexes can answer it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";
import type { Role } from "../db/generated/enums";

let t: TestDb;
const mod = async () => ({ q: await import("./queries"), db: (await import("../db")).db });

let admin: Viewer, owner: Viewer, viewer: Viewer, auditor: Viewer;
const ids: Record<string, string> = {};

async function person(key: string, name: string, email: string, role: Role, over: { active?: boolean; teamId?: string } = {}) {
  const { db } = await mod();
  const u = await db.user.create({ data: { name, email, role, active: over.active ?? true, teamId: over.teamId }, select: { id: true, name: true, email: true, role: true } });
  ids[key] = u.id;
  return u;
}

beforeAll(async () => {
  t = await setupTestDb();
  const { db } = await mod();
  const payments = await db.team.create({ data: { name: "Payments" } });
  const platform = await db.team.create({ data: { name: "Platform" } });
  admin = await person("admin", "Ada Admin", "ada@acme.example", "ADMIN", { teamId: platform.id });
  owner = await person("dana", "Dana Smith", "dana.ops@acme.example", "OWNER", { teamId: payments.id });
  await person("smithers", "Smithers Jones", "wj@acme.example", "OWNER", { teamId: platform.id });
  await person("goldsmith", "Gina Goldsmith", "gina@acme.example", "OWNER");
  await person("left", "Sam Smith", "sam.smith@acme.example", "OWNER", { active: false });
  await person("pct", "Percy 100% Sure", "percy@acme.example", "OWNER");
  viewer = await person("ciso", "Cleo Viewer", "cleo@acme.example", "SECURITY_VIEWER");
  auditor = await person("aud", "Audrey Auditor", "audrey@acme.example", "AUDITOR");
  // A crowd that all match "crowd", to check the limit.
  for (let i = 0; i < 25; i++) await person(`crowd${i}`, `Crowd Member ${String(i).padStart(2, "0")}`, `crowd${i}@acme.example`, "OWNER");
});

afterAll(async () => {
  await t?.cleanup();
});

const names = (rows: { label: string }[]) => rows.map((r) => r.label.replace(/ \(.*\)$/, ""));

describe("searchPeople: who may search", () => {
  it("owners' picker is for admins only; reviewers' for campaign managers; the rest for anyone who reviews", async () => {
    const { q } = await mod();
    await expect(q.searchPeople(admin, { purpose: "owner", q: "dana" })).resolves.toHaveLength(1);
    for (const v of [owner, viewer, auditor]) await expect(q.searchPeople(v, { purpose: "owner", q: "dana" })).rejects.toThrow(/permission/);
    await expect(q.searchPeople(admin, { purpose: "reviewer" })).resolves.not.toHaveLength(0);
    await expect(q.searchPeople(owner, { purpose: "reviewer" })).rejects.toThrow(/permission/);
    for (const purpose of ["delegate", "new-owner", "transfer"] as const) {
      await expect(q.searchPeople(owner, { purpose, q: "smith" })).resolves.not.toHaveLength(0);
      await expect(q.searchPeople(admin, { purpose, q: "smith" })).resolves.not.toHaveLength(0);
      for (const v of [viewer, auditor]) await expect(q.searchPeople(v, { purpose, q: "smith" })).rejects.toThrow(/permission/);
    }
  });

  it("an API token searches only within its scopes, whatever its creator's role", async () => {
    const { q } = await mod();
    const token: Viewer = { ...admin, scopes: ["identity:read"] };
    await expect(q.searchPeople(token, { purpose: "owner", q: "dana" })).rejects.toThrow(/permission/);
    await expect(q.searchPeople({ ...admin, scopes: ["identity:read", "identity:bulk-assign"] }, { purpose: "owner", q: "dana" })).resolves.toHaveLength(1);
  });
});

describe("searchPeople: whom each purpose offers", () => {
  it("owner: every active user, any role, with their team", async () => {
    const { q } = await mod();
    const rows = await q.searchPeople(admin, { purpose: "owner", q: "au" });
    expect(names(rows)).toEqual(["Audrey Auditor"]);
    expect(await q.searchPeople(admin, { purpose: "owner", q: "dana" })).toEqual([
      { id: ids.dana, label: "Dana Smith (dana.ops@acme.example)", team: "Payments", name: "Dana Smith", email: "dana.ops@acme.example" },
    ]);
    expect((await q.searchPeople(admin, { purpose: "owner", q: "gina" }))[0]!.team).toBe("No team");
    // Deactivated people are never offered.
    expect(names(await q.searchPeople(admin, { purpose: "owner", q: "sam" }))).toEqual([]);
  });

  it("reviewer: only roles that can decide reviews, admins grouped as Admins", async () => {
    const { q } = await mod();
    const rows = await q.searchPeople(admin, { purpose: "reviewer", q: "a" });
    expect(names(rows)).toEqual(["Ada Admin"]);
    expect(rows[0]!.team).toBe("Admins");
    expect(await q.searchPeople(admin, { purpose: "reviewer", q: "cleo" })).toEqual([]);
  });

  it("delegate: never the viewer themself; exclude drops the ids asked for", async () => {
    const { q } = await mod();
    expect(names(await q.searchPeople(owner, { purpose: "delegate", q: "smith" }))).toEqual(["Smithers Jones", "Gina Goldsmith"]);
    expect(names(await q.searchPeople(admin, { purpose: "delegate", q: "smith" }))).toEqual(["Smithers Jones", "Dana Smith", "Gina Goldsmith"]);
    expect(names(await q.searchPeople(admin, { purpose: "transfer", q: "smith", exclude: [ids.dana!, ids.goldsmith!] }))).toEqual(["Smithers Jones"]);
    expect(names(await q.searchPeople(admin, { purpose: "new-owner", q: "audrey" }))).toEqual([]);
  });
});

describe("searchPeople: matching, ranking and limit", () => {
  it("3+ characters match anywhere in the name or e-mail, case-insensitively; prefixes first, then a word of the name", async () => {
    const { q } = await mod();
    // "Smithers" starts with it, "Dana Smith" has a word that does, "Goldsmith" only contains it.
    expect(names(await q.searchPeople(admin, { purpose: "owner", q: "SMITH" }))).toEqual(["Smithers Jones", "Dana Smith", "Gina Goldsmith"]);
    expect(names(await q.searchPeople(admin, { purpose: "owner", q: "ops@acme" }))).toEqual(["Dana Smith"]);
    expect(names(await q.searchPeople(admin, { purpose: "owner", q: "  dana  " }))).toEqual(["Dana Smith"]);
  });

  it("1-2 characters match a prefix only: of the name, a word of it, or the e-mail", async () => {
    const { q } = await mod();
    expect(names(await q.searchPeople(admin, { purpose: "owner", q: "sm" }))).toEqual(["Smithers Jones", "Dana Smith"]);
    expect(names(await q.searchPeople(admin, { purpose: "owner", q: "wj" }))).toEqual(["Smithers Jones"]);
    expect(names(await q.searchPeople(admin, { purpose: "owner", q: "th" }))).toEqual([]);
  });

  it("treats % and _ as the characters they are", async () => {
    const { q } = await mod();
    expect(names(await q.searchPeople(admin, { purpose: "owner", q: "100%" }))).toEqual(["Percy 100% Sure"]);
    expect(await q.searchPeople(admin, { purpose: "owner", q: "%" })).toEqual([]);
    expect(await q.searchPeople(admin, { purpose: "owner", q: "a_a" })).toEqual([]);
  });

  it("returns 20 by default, at most 50, by name when no term is typed", async () => {
    const { q } = await mod();
    const crowd = await q.searchPeople(admin, { purpose: "owner", q: "crowd" });
    expect(crowd).toHaveLength(20);
    expect(names(crowd).slice(0, 3)).toEqual(["Crowd Member 00", "Crowd Member 01", "Crowd Member 02"]);
    expect(await q.searchPeople(admin, { purpose: "owner", q: "crowd", limit: 5 })).toHaveLength(5);
    await expect(q.searchPeople(admin, { purpose: "owner", q: "crowd", limit: 500 })).rejects.toThrow();
    const first = await q.searchPeople(admin, { purpose: "owner" });
    expect(names(first).slice(0, 3)).toEqual(["Ada Admin", "Audrey Auditor", "Cleo Viewer"]);
    expect(first).toHaveLength(20);
  });
});

describe("searchPeople: indexes", () => {
  it("the trigram indexes on name and e-mail can answer a term, and (name, id) the first page", async () => {
    const { db } = await mod();
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      const plan = async (sql: string) => (await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql}`)).map((r) => r["QUERY PLAN"]).join("\n");
      const term = await plan(`SELECT id FROM "User" WHERE active AND (name ILIKE '%smith%' OR email ILIKE '%smith%')`);
      expect(term).toContain("User_name_trgm_idx");
      expect(term).toContain("User_email_trgm_idx");
      expect(await plan(`SELECT id FROM "User" WHERE active ORDER BY name, id LIMIT 20`)).toContain("User_name_id_idx");
    });
  });
});
