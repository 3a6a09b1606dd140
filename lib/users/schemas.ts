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
