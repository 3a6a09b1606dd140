import { z } from "zod";

// Outbound webhook contract: event types, endpoint input and the signature header (README "Automate Steward").
export const WEBHOOK_EVENTS = [
  "finding.critical.created",
  "campaign.launched",
  "campaign.closed",
  "remediation.task.created",
  "exception.expiring",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by "Send test event", to the one endpoint tested; not subscribable. */
export const TEST_EVENT = "webhook.test";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "finding.critical.created": "A rule run opens a new CRITICAL finding",
  "campaign.launched": "An access review campaign is launched",
  "campaign.closed": "A campaign's review closes (decisions final, remediation tasks created)",
  "remediation.task.created": "A remediation task is created from a review decision",
  "exception.expiring": "An approved risk exception expires in 14 or 3 days",
};

/** Retry delays after each failed attempt; after the last one the delivery is FAILED (6 attempts in all). */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const DELIVERY_TIMEOUT_MS = 10_000;

const url = z
  .string()
  .trim()
  .min(1, "Enter the receiver's URL")
  .max(2000, "Keep the URL under 2,000 characters")
  .superRefine((v, ctx) => {
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a full URL, e.g. https://siem.example.com/hooks/steward" });
      return;
    }
    if (u.protocol !== "https:" && u.protocol !== "http:") ctx.addIssue({ code: "custom", message: "Only http:// and https:// URLs can receive webhooks" });
    // Credentials in the URL would be shown in lists and logs; the signature authenticates Steward instead.
    else if (u.username || u.password) ctx.addIssue({ code: "custom", message: "Remove the user name and password from the URL: receivers verify the signature instead" });
  });

const events = z
  .array(z.enum(WEBHOOK_EVENTS), { error: "Choose at least one event" })
  .min(1, "Choose at least one event")
  .max(WEBHOOK_EVENTS.length)
  .transform((v) => [...new Set(v)]);

export const ZWebhookCreate = z.object({
  name: z.string().trim().min(1, "Name the endpoint (what receives it?)").max(100, "Use at most 100 characters"),
  url,
  events,
});
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhookUpdate = z
  .object({ name: ZWebhookCreate.shape.name.optional(), url: url.optional(), events: events.optional(), enabled: z.boolean().optional() })
  .strict();
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdate>;

export const ZWebhookId = z.object({ id: z.string().min(1).max(64) });

/** Delivery log paging: newest first, `cursor` = the last delivery id of the previous page. */
export const ZDeliveryPage = z.object({
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});
export type TDeliveryPage = z.infer<typeof ZDeliveryPage>;
