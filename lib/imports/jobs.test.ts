// Import rules beyond the basic upsert: change history (drift), owner suggestions, previews, background jobs and
// the sweep of jobs whose process died.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDb, type TestDb } from "../testing/test-db";
import type { Viewer } from "../auth/permissions";

let t: TestDb;
let admin: Viewer;
let owner: Viewer;
const NOW = new Date("2024-12-01T00:00:00Z");
const FIX = path.resolve(import.meta.dirname, "../importers/__fixtures__");
const file = (name: string) => ({ fileName: name, buffer: fs.readFileSync(path.join(FIX, name)) });
const actor = { id: null, email: "cli:test" };

const mod = async () => ({
  p: await import("./pipeline"),
  jobs: await import("./jobs"),
  s: await import("./suggestions"),
  q: await import("./queries"),
  runner: await import("./runner"),
  db: (await import("../db")).db,
  fx: await import("../testing/fixtures"),
});

const template = (identities: unknown[], extra: Record<string, unknown> = {}) =>
  ({ fileName: "inventory.json", buffer: JSON.stringify({ format: "steward-import/v1", source: "manual:history", ...extra, identities }) });

const key = (id: string, extra: Record<string, unknown> = {}) => ({
  externalId: id, name: id, kind: "API_KEY", environment: "prod", createdAt: "2023-01-01T00:00:00Z",
  credentials: [{ id: `${id}-k1`, type: "ACCESS_KEY", createdAt: "2023-01-01T00:00:00Z" }],
  entitlements: [{ resource: "stripe:payouts", permission: "write", privilege: "WRITE" }],
  ...extra,
});

beforeAll(async () => {
  t = await setupTestDb();
  const { fx, db } = await mod();
  admin = await fx.makeUser("ADMIN");
  owner = await fx.makeUser("OWNER");
  const team = await db.team.create({ data: { name: "Ops import test" } });
  await db.user.create({ data: { email: "dana.ops@acme.example", name: "Dana", role: "OWNER", teamId: team.id } });
  await db.user.create({ data: { email: "gone@acme.example", name: "Gone", role: "OWNER", active: false } });
});

afterAll(async () => {
  await t?.cleanup();
});

describe(`change history (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("records what each import changed, field by field, and which import did it", async () => {
    const { p, db, q } = await mod();
    const first = await p.runImport({ viewer: admin, format: "generic", ...template([key("a"), key("b"), key("c")], { fullInventory: true }), now: NOW });
    expect(first.identities.created).toBe(3);
    const created = await db.importChange.findMany({ where: { jobId: first.jobId! }, orderBy: { seq: "asc" } });
    // One CREATED row per new NHI; its credentials and entitlements are implied.
    expect(created.map((c) => [c.entity, c.change])).toEqual([["IDENTITY", "CREATED"], ["IDENTITY", "CREATED"], ["IDENTITY", "CREATED"]]);

    // a: renamed and its key rotated; b: a new grant; c: gone from the full export.
    const second = await p.runImport({
      viewer: admin,
      format: "generic",
      ...template(
        [
          key("a", { name: "a (renamed)", credentials: [{ id: "a-k2", type: "ACCESS_KEY", createdAt: "2024-11-01T00:00:00Z" }] }),
          key("b", { entitlements: [{ resource: "stripe:payouts", permission: "write", privilege: "WRITE" }, { resource: "stripe:refunds", permission: "write", privilege: "WRITE" }] }),
        ],
        { fullInventory: true },
      ),
      now: NOW,
    });
    expect(second.identities).toMatchObject({ created: 0, updated: 2, unchanged: 0, deletedAtSource: 1 });
    const changes = await db.importChange.findMany({ where: { jobId: second.jobId! }, orderBy: { seq: "asc" } });
    const ids = Object.fromEntries((await db.identity.findMany({ where: { externalId: { in: ["a", "b", "c"] } } })).map((i) => [i.id, i.externalId]));
    const view = changes.map((c) => [ids[c.identityId], c.entity, c.entityKey, c.change, c.fields]);
    expect(view).toEqual(
      expect.arrayContaining([
        ["a", "IDENTITY", null, "UPDATED", { name: ["a", "a (renamed)"] }],
        ["a", "CREDENTIAL", "a-k2", "CREATED", null],
        ["a", "CREDENTIAL", "a-k1", "REVOKED", { status: ["ACTIVE", "REVOKED"] }],
        ["b", "ENTITLEMENT", "stripe:refunds · write", "CREATED", null],
        ["c", "IDENTITY", null, "DELETED_AT_SOURCE", { status: ["ACTIVE", "DELETED_AT_SOURCE"] }],
      ]),
    );
    expect(view).toHaveLength(5);

    // The same file again: nothing changes, nothing is recorded.
    const again = await p.runImport({ viewer: admin, format: "generic", ...template([key("a", { name: "a (renamed)", credentials: [{ id: "a-k2", type: "ACCESS_KEY", createdAt: "2024-11-01T00:00:00Z" }] }), key("b", { entitlements: [{ resource: "stripe:payouts", permission: "write", privilege: "WRITE" }, { resource: "stripe:refunds", permission: "write", privilege: "WRITE" }] })], { fullInventory: true }), now: NOW });
    expect(again.identities).toMatchObject({ created: 0, updated: 0, unchanged: 2, deletedAtSource: 0 });
    expect(await db.importChange.count({ where: { jobId: again.jobId! } })).toBe(0);

    // c comes back: RESTORED. Its history, newest first, names the imports.
    const back = await p.runImport({ viewer: admin, format: "generic", ...template([key("c")]), now: NOW });
    const cId = Object.entries(ids).find(([, e]) => e === "c")![0];
    const history = await q.changesOfIdentity(cId);
    expect(history.rows.map((r) => [r.change, r.job?.fileName])).toEqual([
      ["RESTORED", "inventory.json"],
      ["DELETED_AT_SOURCE", "inventory.json"],
      ["CREATED", "inventory.json"],
    ]);
    expect(history.rows[0].jobId).toBe(back.jobId);
    const page = await q.listImportChanges(admin, second.jobId!, 1, 2);
    expect(page.total).toBe(5);
    expect(page.rows).toHaveLength(2);
    expect(page.rows[0].identityName).toBe("a (renamed)");
  });
});

describe("owner hints become suggestions, never silent owners", () => {
  it("suggests the tagged owner, and an admin accepts it (audited) or dismisses it for good", async () => {
    const { p, db, s, q } = await mod();
    const r = await p.runImport({ actor, format: "auto", ...file("aws-authorization-details.json"), now: NOW });
    expect(r.owners.suggested).toBeGreaterThanOrEqual(1);
    const ci = await db.identity.findFirstOrThrow({ where: { externalId: "arn:aws:iam::123456789012:user/svc/ci-deployer" } });
    expect(ci.ownerId).toBeNull();
    const [sug] = await q.pendingSuggestionsOf(admin, ci.id);
    expect(sug).toMatchObject({ origin: "tag Owner", hint: "dana.ops@acme.example", user: { name: "Dana" } });

    // Re-importing does not duplicate it.
    const again = await p.runImport({ actor, format: "auto", ...file("aws-authorization-details.json"), now: NOW });
    expect(again.owners.suggested).toBe(0);
    expect(await db.ownerSuggestion.count({ where: { identityId: ci.id } })).toBe(1);

    // Owners cannot decide; admins can.
    await expect(s.decideOwnerSuggestions(owner, { ids: [sug.id], decision: "accept" })).rejects.toThrow(/permission/);
    expect(await s.decideOwnerSuggestions(admin, { ids: [sug.id], decision: "accept" })).toEqual({ accepted: 1, dismissed: 0, skipped: 0 });
    const after = await db.identity.findUniqueOrThrow({ where: { id: ci.id }, include: { owner: true } });
    expect(after.owner?.email).toBe("dana.ops@acme.example");
    expect(after.teamId).not.toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { targetId: ci.id, action: "identity.update" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ actorId: admin.id, after: { ownerId: after.ownerId } });
    // Deciding it twice changes nothing.
    expect(await s.decideOwnerSuggestions(admin, { ids: [sug.id], decision: "accept" })).toMatchObject({ accepted: 0, skipped: 1 });
  });

  it("bulk-accepts one owner per NHI and never suggests a deactivated user or the current owner", async () => {
    const { p, db, s, q } = await mod();
    const doc = [
      key("x1", { owners: ["someone-else@acme.example", "dana.ops@acme.example"] }),
      key("x2", { owners: ["nobody@acme.example", "dana.ops@acme.example", "gone@acme.example"] }),
    ];
    await p.runImport({ viewer: admin, format: "generic", ...template(doc, { source: "manual:bulk" }), now: NOW });
    const list = await q.listOwnerSuggestions(admin, { page: 1, size: 50, sort: "createdAt", dir: "desc", status: "PENDING", job: undefined });
    const mine = list.rows.filter((r) => ["x1", "x2"].includes(r.identity.name));
    expect(mine.map((r) => [r.identity.name, r.user.email, r.origin]).sort()).toEqual([
      ["x1", "dana.ops@acme.example", "template owners (not the first)"],
      ["x2", "dana.ops@acme.example", "template owners (not the first)"],
    ]);
    const out = await s.decideOwnerSuggestions(admin, { ids: mine.map((r) => r.id), decision: "accept" });
    expect(out).toEqual({ accepted: 2, dismissed: 0, skipped: 0 });
    const owners = await db.identity.findMany({ where: { externalId: { in: ["x1", "x2"] } }, select: { owner: { select: { email: true } } } });
    expect(owners.map((o) => o.owner?.email)).toEqual(["dana.ops@acme.example", "dana.ops@acme.example"]);
    // Dana owns them now: the next import suggests nothing.
    const again = await p.runImport({ viewer: admin, format: "generic", ...template(doc, { source: "manual:bulk" }), now: NOW });
    expect(again.owners.suggested).toBe(0);

    // A dismissed suggestion is not raised again by later imports.
    const y = [key("y1", { owners: ["nobody@acme.example", "dana.ops@acme.example"] })];
    expect((await p.runImport({ viewer: admin, format: "generic", ...template(y, { source: "manual:bulk" }), now: NOW })).owners.suggested).toBe(1);
    const [pendingY] = (await q.listOwnerSuggestions(admin, { page: 1, size: 50, sort: "createdAt", dir: "desc", status: "PENDING", job: undefined })).rows.filter((r) => r.identity.name === "y1");
    expect(await s.decideOwnerSuggestions(admin, { ids: [pendingY.id], decision: "dismiss" })).toEqual({ accepted: 0, dismissed: 1, skipped: 0 });
    expect((await p.runImport({ viewer: admin, format: "generic", ...template(y, { source: "manual:bulk" }), now: NOW })).owners.suggested).toBe(0);
    expect(await db.ownerSuggestion.findUniqueOrThrow({ where: { id: pendingY.id } })).toMatchObject({ status: "DISMISSED", decidedById: admin.id });
    expect((await db.identity.findFirstOrThrow({ where: { externalId: "y1" } })).ownerId).toBeNull();
  });

  it("the template's owner column sets an empty owner, and only suggests when another owner is set", async () => {
    const { p, db, q } = await mod();
    const r = await p.runImport({ viewer: admin, format: "generic", ...template([key("t1", { owner: "dana.ops@acme.example" }), key("t2", { owner: "dana.ops@acme.example" })], { source: "manual:stated" }), now: NOW });
    expect(r.owners).toEqual({ assigned: 2, suggested: 0 });
    const t2 = await db.identity.findFirstOrThrow({ where: { externalId: "t2", source: { key: "manual:stated" } } });
    await db.identity.update({ where: { id: t2.id }, data: { ownerId: owner.id } });
    const r2 = await p.runImport({ viewer: admin, format: "generic", ...template([key("t1", { owner: "dana.ops@acme.example" }), key("t2", { owner: "dana.ops@acme.example" })], { source: "manual:stated" }), now: NOW });
    expect(r2.owners).toEqual({ assigned: 0, suggested: 1 });
    expect((await db.identity.findUniqueOrThrow({ where: { id: t2.id } })).ownerId).toBe(owner.id);
    expect((await q.pendingSuggestionsOf(admin, t2.id)).map((x) => x.origin)).toEqual(["template owner_email"]);
    // Setting the owner is recorded as a change of the import that did it.
    const t1 = await db.identity.findFirstOrThrow({ where: { externalId: "t1", source: { key: "manual:stated" } } });
    const changes = await db.importChange.findMany({ where: { identityId: t1.id, jobId: r.jobId! } });
    expect(changes.map((c) => c.fields)).toContainEqual({ ownerId: [null, t1.ownerId] });
  });
});

describe("preview", () => {
  it("reports exactly what the import will do and writes nothing", async () => {
    const { p, db } = await mod();
    const doc = template([key("p1"), key("p2"), key("a", { name: "a (renamed again)" })]);
    const counts = async () => ({
      identities: await db.identity.count(), credentials: await db.credential.count(), entitlements: await db.entitlement.count(),
      jobs: await db.importJob.count(), changes: await db.importChange.count(), audit: await db.auditEvent.count(), sources: await db.source.count(),
    });
    const before = await counts();
    const preview = await p.previewImport({ viewer: admin, format: "auto", ...doc, now: NOW });
    expect(preview).toMatchObject({ dryRun: true, jobId: null, status: "SUCCEEDED", format: "generic", identities: { created: 2, updated: 1, unchanged: 0 } });
    expect(await counts()).toEqual(before);
    const real = await p.runImport({ viewer: admin, format: "auto", ...doc, now: NOW });
    expect(real.identities).toEqual(preview.identities);
    expect(real.credentials).toEqual(preview.credentials);
    expect(real.entitlements).toEqual(preview.entitlements);
    // A preview of a file that is not an export: a clear error, still nothing written, no job.
    const jobs = await db.importJob.count();
    await expect(p.previewImport({ viewer: admin, format: "auto", fileName: "notes.txt", buffer: "just some notes\n" })).rejects.toThrow(/notes.txt: unrecognised file/);
    expect(await db.importJob.count()).toBe(jobs);
    await expect(p.previewImport({ viewer: owner, format: "auto", ...doc })).rejects.toThrow(/permission/);
  });
});

describe("a file none of whose rows can be read lands nothing", () => {
  it("FAILED, rolled back, with the row errors on the job", async () => {
    const { p, db } = await mod();
    const before = await db.source.count({ where: { key: "manual:all-bad" } });
    const csv = "external_id,name,kind\n,missing id,BOT\nx,bad kind,ROBOT\n";
    const err = await p.runImport({ viewer: admin, format: "generic", fileName: "bad.csv", buffer: csv, sourceKey: "manual:all-bad", now: NOW }).catch((e) => e);
    expect(err).toBeInstanceOf(p.ImportFailedError);
    expect(err.message).toMatch(/No record of bad.csv could be imported: 2 rejected/);
    expect(err.summary.rowErrors.map((e: { row: number }) => e.row)).toEqual([2, 3]);
    const job = await db.importJob.findUniqueOrThrow({ where: { id: err.jobId } });
    expect(job).toMatchObject({ status: "FAILED", failed: 2 });
    expect((job.errors as { row?: number }[]).filter((e) => e.row).map((e) => e.row)).toEqual([2, 3]);
    // Not even the source was created.
    expect(await db.source.count({ where: { key: "manual:all-bad" } })).toBe(before);
  });
});

describe("background jobs", () => {
  it("returns a QUEUED job at once, then runs it to SUCCEEDED with the rule run recorded", async () => {
    const { jobs, q, db } = await mod();
    const { jobId, run } = await jobs.startImport({ viewer: admin, format: "auto", ...template([key("bg1")], { source: "manual:bg" }) });
    expect((await db.importJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("QUEUED");
    expect((await q.getImportJob(admin, jobId)).progress).toMatchObject({ phase: "queued" });
    await run();
    const job = await q.getImportJob(admin, jobId);
    expect(job).toMatchObject({ status: "SUCCEEDED", phase: null, progress: null, counts: { created: 1 }, report: { status: "SUCCEEDED", created: 1, source: "manual:bg" } });
    expect(job.report?.findings).toMatchObject({ open: expect.any(Number) });
    // A bad upload fails the job with the reason; run() never throws.
    const bad = await jobs.startImport({ viewer: admin, format: "auto", fileName: "x.json", buffer: "{\"not\": \"an export\"}" });
    await bad.run();
    expect(await q.getImportJob(admin, bad.jobId)).toMatchObject({ status: "FAILED", report: null, errors: [{ level: "error", message: expect.stringMatching(/x.json/) }] });
    // Permission and option checks happen before a job exists.
    await expect(jobs.startImport({ viewer: owner, format: "auto", ...template([]) })).rejects.toThrow(/permission/);
    await expect(jobs.startImport({ viewer: admin, format: "auto", sourceKey: "no spaces please", ...template([]) })).rejects.toThrow(/platform:account/);
  });

  it("a job whose process died is FAILED with an explanation when jobs are next read", async () => {
    const { q, db, runner } = await mod();
    const dead = await db.importJob.create({
      data: { format: "generic", fileName: "big.csv", fileHash: "x", status: "RUNNING", phase: "writing", runnerId: "another-process", heartbeatAt: new Date(Date.now() - 10 * 60_000) },
    });
    const mine = await db.importJob.create({ data: { format: "generic", fileName: "mine.csv", fileHash: "y", status: "RUNNING", phase: "writing", runnerId: runner.RUNNER_ID, heartbeatAt: new Date() } });
    const job = await q.getImportJob(admin, dead.id);
    expect(job).toMatchObject({ status: "FAILED", phase: null, errors: [{ level: "error", message: expect.stringMatching(/server stopped while this import was running. Nothing from it was written/) }] });
    expect((await db.importJob.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("RUNNING");
    await db.importJob.delete({ where: { id: mine.id } });
  });
});
