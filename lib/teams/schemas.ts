import { z } from "zod";

/** Set or clear a team's lead (escalation level "team lead" of review campaigns goes to them). */
export const ZTeamLead = z.object({
  teamId: z.string().trim().min(1).max(64),
  leadId: z.string().trim().max(64).nullish().transform((v) => v || null),
});
export type TTeamLead = z.input<typeof ZTeamLead>;
