import { z } from "zod";
import { Role } from "../db/generated/enums";

export const ZUserCreate = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address"),
  name: z.string().trim().min(1).max(200),
  role: z.enum(Role),
  teamName: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(12, "Use at least 12 characters").max(1024),
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

// Admin edit of a user (PATCH /api/v1/users/{id}). Optional fields are left unchanged; teamId null = no team.
export const ZUserUpdate = z
  .object({
    role: z.enum(Role).optional(),
    teamId: z.string().min(1).max(64).nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

/**
 * What a people picker is choosing someone for; each purpose has its own population and permission
 * (lib/users/queries.ts PERSON_PURPOSE_RULES): owner = an NHI's owner or backup owner (admins); reviewer = a campaign's
 * fallback, backup or reassigned reviewer (campaign managers); new-owner = a REASSIGN decision (reviewers);
 * delegate = whom a reviewer delegates to; transfer = whom an NHI is handed over to.
 */
export const PERSON_PURPOSES = ["owner", "reviewer", "new-owner", "delegate", "transfer"] as const;
export type PersonPurpose = (typeof PERSON_PURPOSES)[number];

/** Most people one search returns: a picker shows a short list and asks for a longer term. */
export const PEOPLE_SEARCH_MAX = 50;

// GET /api/v1/users/candidates: the picker's search. Terms are matched on name and e-mail, case-insensitively.
export const ZPeopleSearch = z.object({
  purpose: z.enum(PERSON_PURPOSES).default("owner").describe("Whom the person is chosen as (decides who may search and among whom)"),
  q: z.string().trim().max(100).default("").describe("Name or e-mail: 1-2 characters match a prefix (of the name, a word of it, or the e-mail), 3+ anywhere"),
  exclude: z
    .preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v.flatMap((x) => String(x).split(",")) : String(v).split(",")), z.array(z.string().min(1).max(64)).max(20))
    .default([])
    .describe("User ids to leave out (comma-separated), e.g. the current owner"),
  limit: z.coerce.number().int().min(1).max(PEOPLE_SEARCH_MAX).default(20),
});
export type TPeopleSearch = z.input<typeof ZPeopleSearch>;

/** One person a picker offers: `label` is "Name (e-mail)", the form a selected value is shown in. */
export interface PersonOption {
  id: string;
  label: string;
  team: string;
  /** Search results carry them apart too, for a list that shows the name above the e-mail. */
  name?: string;
  email?: string;
}

/** The label of a person as pickers show it. */
export function personLabel(u: { name: string; email: string }): string {
  return `${u.name} (${u.email})`;
}
