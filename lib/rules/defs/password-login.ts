import { Prisma } from "../../db";
import { LIVE } from "../sql";
import type { RuleDefinition } from "../types";

// A password is a human-style login: it can be typed into a console, shared in chat, and is rarely bound to a
// workload. Mapped to NHI4 (insecure authentication); it is also the usual way humans end up using an NHI (NHI10).
export const passwordLogin: RuleDefinition = {
  id: "password-login",
  title: "Password (human-style) login on a machine identity",
  severity: "MEDIUM",
  owasp: "NHI4",
  nist: ["PR.AA-03", "PR.AA-01"],
  description: "The NHI has an active password credential: a login a person can type, rather than a key or token bound to a workload.",
  remediation:
    "Replace the password with key-, certificate- or federation-based authentication and disable interactive login. If the platform only supports passwords, vault it with automatic rotation and session recording.",
  query: () => Prisma.sql`
    SELECT c."identityId", c."id" AS "subjectKey",
      jsonb_build_object('summary', 'Password login on machine identity', 'credentialId', c."id", 'name', c."name",
        'storage', c."storage") AS "evidence"
    FROM "Credential" c
    JOIN "Identity" i ON i."id" = c."identityId"
    WHERE ${LIVE} AND c."status" = 'ACTIVE' AND c."type" = 'PASSWORD'`,
};
