import { z } from "zod";
import { firstOf, manyOf } from "../url-params";
import { tableParamsSchema } from "../../components/data-table/url-state";
import { Criticality, Environment, IdentityKind, IdentityStatus } from "../db/generated/enums";

// Inventory URL contract: the page, the CSV export, the API and saved campaign scopes all parse this.
export const INVENTORY_SORTS = ["risk", "name", "kind", "environment", "lastUsed", "credentialAge", "unused"] as const;
export type TInventorySort = (typeof INVENTORY_SORTS)[number];



const optionalInt = (min: number, max: number) =>
  z.preprocess((v) => (firstOf(v) === "" ? undefined : firstOf(v)), z.coerce.number().int().min(min).max(max).optional()).catch(undefined);

export const ZInventoryFilters = z.object({
  q: z.preprocess(firstOf, z.string().trim().max(200).optional()).catch(undefined),
  kind: manyOf(z.enum(IdentityKind)),
  source: manyOf(z.string().min(1).max(64)),
  env: manyOf(z.enum(Environment)),
  status: manyOf(z.enum(IdentityStatus)),
  criticality: manyOf(z.enum(Criticality)),
  // "none" = orphans, "me" = the viewer, otherwise a user id.
  owner: z.preprocess(firstOf, z.string().min(1).max(64).optional()).catch(undefined),
  team: manyOf(z.string().min(1).max(64)),
  riskMin: optionalInt(0, 100),
  riskMax: optionalInt(0, 100),
  credAgeOver: optionalInt(0, 36500),
  // Oldest active secret at most this many days old (with credAgeOver: an age bucket of the dashboard).
  credAgeUnder: optionalInt(0, 36500),
  unused: z.preprocess(firstOf, z.enum(["1"]).optional()).catch(undefined),
  // The "privileged NHI" of lib/rules/sql.ts PRIVILEGED: a privileged-access class or an active ADMIN grant.
  privileged: z.preprocess(firstOf, z.enum(["1"]).optional()).catch(undefined),
  // Holds an active static secret with no expiry.
  neverExpires: z.preprocess(firstOf, z.enum(["1"]).optional()).catch(undefined),
  // Never certified, or gained or widened access since its last certification (campaign scopes use this).
  changed: z.preprocess(firstOf, z.enum(["1"]).optional()).catch(undefined),
});
export type TInventoryFilters = z.infer<typeof ZInventoryFilters>;

export const ZInventoryQuery = tableParamsSchema({ sortable: INVENTORY_SORTS, defaultSort: "risk", defaultDir: "desc" }).extend(
  ZInventoryFilters.shape,
);
export type TInventoryQuery = z.infer<typeof ZInventoryQuery>;

/** Every filter param, so "Clear filters" removes exactly those. */
export const INVENTORY_FILTER_KEYS = Object.keys(ZInventoryFilters.shape) as (keyof TInventoryFilters)[];

const purpose = z
  .string()
  .trim()
  .min(10, "Describe the purpose in at least 10 characters")
  .max(2000, "Keep the purpose under 2,000 characters");

// Admin edit of an NHI. Optional fields are left unchanged; null clears an owner.
export const ZIdentityUpdate = z.object({
  ownerId: z.string().min(1).nullable().optional(),
  backupOwnerId: z.string().min(1).nullable().optional(),
  purpose: purpose.optional(),
  criticality: z.enum(Criticality).optional(),
});
export type TIdentityUpdate = z.infer<typeof ZIdentityUpdate>;

export const ZPurposeUpdate = z.object({ purpose });
export type TPurposeUpdate = z.infer<typeof ZPurposeUpdate>;

export const ZBulkAssignOwner = z.object({
  identityIds: z.array(z.string().min(1)).min(1, "Select at least one NHI").max(1000, "At most 1,000 NHIs at a time"),
  ownerId: z.string().min(1, "Choose an owner"),
});
export type TBulkAssignOwner = z.infer<typeof ZBulkAssignOwner>;
