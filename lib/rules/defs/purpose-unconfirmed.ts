import { Prisma } from "../../db";
import { LIVE, cutoff } from "../sql";
import type { RuleDefinition } from "../types";

export const purposeUnconfirmed: RuleDefinition = {
  id: "purpose-unconfirmed",
  title: "Purpose missing or not confirmed in 12 months",
  severity: "LOW",
  owasp: "NHI1",
  nist: ["ID.AM-08", "PR.AA-05"],
  description:
    "Nobody has written down what the NHI is for, or its owner has not confirmed the purpose within the last 12 months (a review campaign confirms it).",
  remediation: "Ask the owner to record or confirm the purpose, in the NHI's page or in the next review campaign. An NHI nobody can explain is a decommissioning candidate.",
  query: (ctx) => Prisma.sql`
    SELECT i."id" AS "identityId", '' AS "subjectKey",
      jsonb_build_object(
        'summary', CASE WHEN coalesce(btrim(i."purpose"), '') = '' THEN 'No purpose recorded'
          WHEN i."purposeConfirmedAt" IS NULL THEN 'Purpose never confirmed' ELSE 'Purpose not confirmed in 12 months' END,
        'purposeConfirmedAt', i."purposeConfirmedAt") AS "evidence"
    FROM "Identity" i
    WHERE ${LIVE} AND NOT i."platformManaged"
      AND (coalesce(btrim(i."purpose"), '') = ''
        OR coalesce(i."purposeConfirmedAt", '-infinity'::timestamp) < ${cutoff(ctx.now, ctx.purposeReviewDays)})`,
};
