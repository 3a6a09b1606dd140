import { Prisma } from "../../db";
import { LIVE, ts } from "../sql";
import type { RuleDefinition } from "../types";

// An expired credential is harmless only until someone extends it or the platform ignores the date; either way it
// is clutter that hides the real key inventory and shows offboarding did not finish.
export const expiredCredentialAttached: RuleDefinition = {
  id: "expired-credential-attached",
  title: "Expired credential still attached",
  severity: "LOW",
  owasp: "NHI1",
  nist: ["ID.AM-08", "PR.AA-01"],
  description:
    "A credential past its expiry date is still attached to the NHI (status EXPIRED, or still ACTIVE with an expiry date in the past).",
  remediation: "Delete the expired credential at the source. If the workload still needs access, issue a new credential with an expiry.",
  query: (ctx) => Prisma.sql`
    SELECT c."identityId", c."id" AS "subjectKey",
      jsonb_build_object('summary', 'Expired credential still attached', 'credentialId', c."id", 'type', c."type",
        'name', c."name", 'status', c."status", 'expiresAt', c."expiresAt") AS "evidence"
    FROM "Credential" c
    JOIN "Identity" i ON i."id" = c."identityId"
    WHERE ${LIVE} AND (c."status" = 'EXPIRED' OR (c."status" = 'ACTIVE' AND c."expiresAt" < ${ts(ctx.now)}))`,
};
