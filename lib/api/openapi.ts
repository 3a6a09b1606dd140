// The /api/v1 contract: one entry per operation, its input schemas being the same zod objects the route handlers
// parse. GET /api/v1/openapi.json and the API reference page are generated from this list (zod's own OpenAPI 3.0
// JSON Schema output, not hand-written schemas); lib/api/openapi.test.ts fails when a route file and this list
// disagree, in either direction.
import { z } from "zod";
import { ZOutboxApiQuery } from "../notify/schemas";
import type { Permission } from "../auth/permissions";
import { ZCursorPage } from "./paging";
import { ZFindingFilters } from "../findings/schemas";
import { ZImportRequest } from "../imports/schemas";
import { ZRotationPolicyInput, ZRotationPolicyPreview } from "../rotation-policies/schemas";
import { ZMetricsQuery } from "../posture/schemas";
import { ZAuditExportFormat, ZAuditFilters } from "../audit/schemas";
import { ZSuggestionDecision } from "../imports/schemas";
import { ZExceptionApiList, ZExceptionExtension, ZExceptionRequest } from "../exceptions/schemas";
import { ZInventoryFilters, ZIdentityUpdate } from "../identities/schemas";
import { ZPeopleSearch, ZUserCreate, ZUserUpdate } from "../users/schemas";
import { ZCampaignInput } from "../campaigns/schemas";
import { ZDeliveryPage, ZWebhookCreate, ZWebhookUpdate } from "../webhooks/schemas";
import { ZDelegationInput } from "../campaigns/schemas";
import { ZHandover } from "../ownership/schemas";

export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI path, e.g. /api/v1/imports/{id} (the route file is app/api/v1/imports/[id]/route.ts). */
  path: string;
  tag: string;
  summary: string;
  permission: Permission;
  query?: z.ZodObject;
  /** JSON body, or "multipart" for file uploads. */
  body?: z.ZodType | "multipart";
  /** A cursor-paged list: { data: [...], nextCursor }. */
  list?: boolean;
  status?: number;
}

// The decision routes take the id from the path; their bodies are these parts of ZExceptionDecision / ZExceptionRevoke.
const ZDecisionComment = z.object({ comment: z.string().max(2000).optional().describe("Required (5+ characters) to reject") });
const ZRevokeReason = z.object({ reason: z.string().min(5).max(2000) });
const ZMultipartImport = ZImportRequest.extend({ file: z.string().describe("One or more export files (repeat the part).") });

export const API_OPERATIONS: readonly ApiOperation[] = [
  { method: "get", path: "/api/v1/findings", tag: "Findings", summary: "List findings (OWASP NHI Top 10), with the findings page's filters", permission: "finding:read", query: ZFindingFilters.extend(ZCursorPage.shape), list: true },
  { method: "get", path: "/api/v1/rules", tag: "Findings", summary: "The rule catalog with OWASP NHI and NIST CSF 2.0 mapping and counts", permission: "finding:read", list: true },
  { method: "get", path: "/api/v1/imports", tag: "Imports", summary: "Import history, newest first", permission: "import:run", query: ZCursorPage, list: true },
  { method: "post", path: "/api/v1/imports", tag: "Imports", summary: "Import a platform export (multipart: file, format, sourceKey, environment)", permission: "import:run", body: "multipart", status: 201 },
  { method: "get", path: "/api/v1/imports/{id}", tag: "Imports", summary: "One import: status, counts, row errors", permission: "import:run" },
  { method: "get", path: "/api/v1/imports/{id}/progress", tag: "Imports", summary: "Progress of a running import (rows done / total)", permission: "import:run" },
  { method: "get", path: "/api/v1/imports/{id}/changes", tag: "Imports", summary: "What the import changed, field by field", permission: "import:run", query: ZCursorPage, list: true },
  { method: "post", path: "/api/v1/imports/preview", tag: "Imports", summary: "Counts an import would create, update and delete; writes nothing", permission: "import:run", body: "multipart" },
  { method: "post", path: "/api/v1/owner-suggestions", tag: "Imports", summary: "Accept or dismiss owner suggestions from import hints", permission: "identity:edit", body: ZSuggestionDecision },
  { method: "get", path: "/api/v1/audit", tag: "Audit", summary: "Audit events with before/after, filtered (actor, action, target, dates)", permission: "audit:read", query: ZAuditFilters.extend(ZCursorPage.shape), list: true },
  { method: "get", path: "/api/v1/outbox", tag: "Notifications", summary: "Messages in the outbox (reminders, escalations, exception notices), sent or not; filter by recipient", permission: "settings:manage", query: ZOutboxApiQuery, list: true },
  { method: "get", path: "/api/v1/audit/export", tag: "Audit", summary: "Audit export (CSV or JSON) with the chain head hash", permission: "audit:read", query: ZAuditFilters.extend({ format: ZAuditExportFormat.optional() }) },
  { method: "get", path: "/api/v1/rotation-policies", tag: "Rotation policies", summary: "Rotation policies in force, with governed and overdue credential counts", permission: "dashboard:read", list: true },
  { method: "post", path: "/api/v1/rotation-policies", tag: "Rotation policies", summary: "Create a rotation policy (findings are re-evaluated)", permission: "settings:manage", body: ZRotationPolicyInput, status: 201 },
  { method: "post", path: "/api/v1/rotation-policies/preview", tag: "Rotation policies", summary: "What a new, changed or removed policy would put out of compliance; saves nothing", permission: "settings:manage", body: ZRotationPolicyPreview },
  { method: "get", path: "/api/v1/rotation-policies/{id}", tag: "Rotation policies", summary: "One rotation policy", permission: "dashboard:read" },
  { method: "patch", path: "/api/v1/rotation-policies/{id}", tag: "Rotation policies", summary: "Replace a rotation policy (findings are re-evaluated)", permission: "settings:manage", body: ZRotationPolicyInput },
  { method: "delete", path: "/api/v1/rotation-policies/{id}", tag: "Rotation policies", summary: "Delete a rotation policy", permission: "settings:manage", status: 204 },
  { method: "get", path: "/api/v1/exceptions", tag: "Exceptions", summary: "The risk-acceptance register, newest first", permission: "exception:read", query: ZExceptionApiList, list: true },
  { method: "post", path: "/api/v1/exceptions", tag: "Exceptions", summary: "Request an exception (or an extension: send previousId and new terms)", permission: "exception:request", body: z.union([ZExceptionRequest, ZExceptionExtension]), status: 201 },
  { method: "get", path: "/api/v1/exceptions/{id}", tag: "Exceptions", summary: "One exception with the findings it covers", permission: "exception:read" },
  { method: "post", path: "/api/v1/exceptions/{id}/approve", tag: "Exceptions", summary: "Approve (never your own request; approvers only)", permission: "exception:read", body: ZDecisionComment },
  { method: "post", path: "/api/v1/exceptions/{id}/reject", tag: "Exceptions", summary: "Reject with a comment (approvers only)", permission: "exception:read", body: ZDecisionComment },
  { method: "post", path: "/api/v1/exceptions/{id}/revoke", tag: "Exceptions", summary: "End an approved exception early; its findings reopen", permission: "exception:read", body: ZRevokeReason },
  { method: "get", path: "/api/v1/metrics/posture", tag: "Metrics", summary: "Posture KPIs and their daily series (from snapshots; owners: their NHIs)", permission: "dashboard:read", query: ZMetricsQuery },
  { method: "get", path: "/api/v1/metrics/drift", tag: "Metrics", summary: "Privilege drift: entitlements granted vs used per day", permission: "dashboard:read", query: ZMetricsQuery },
  { method: "get", path: "/api/v1/metrics/rotation", tag: "Metrics", summary: "Rotation compliance per team per day, and the secret-age histogram", permission: "dashboard:read", query: ZMetricsQuery },
  { method: "get", path: "/api/v1/campaigns", tag: "Campaigns", summary: "Attestation campaigns with progress", permission: "campaign:read", query: ZCursorPage, list: true },
  { method: "post", path: "/api/v1/campaigns", tag: "Campaigns", summary: "Create a campaign (DRAFT): scope, reviewers, due date or recurrence, comment rule, reminders, escalation, no-response by risk tier", permission: "campaign:manage", body: ZCampaignInput, status: 201 },
  { method: "get", path: "/api/v1/campaigns/{id}", tag: "Campaigns", summary: "One campaign with progress per team and reviewer", permission: "campaign:read" },
  { method: "post", path: "/api/v1/campaigns/{id}/launch", tag: "Campaigns", summary: "Launch: one review item per NHI in scope, with a frozen snapshot (idempotent)", permission: "campaign:manage" },
  { method: "post", path: "/api/v1/campaigns/{id}/complete", tag: "Campaigns", summary: "Move an active campaign to remediation", permission: "campaign:manage" },
  { method: "post", path: "/api/v1/campaigns/{id}/close", tag: "Campaigns", summary: "Close: no-response outcome for undecided items, remediation tasks from decisions", permission: "campaign:manage" },
  { method: "post", path: "/api/v1/campaigns/{id}/cancel", tag: "Campaigns", summary: "Cancel a campaign", permission: "campaign:manage" },
  { method: "post", path: "/api/v1/campaigns/{id}/reassign", tag: "Campaigns", summary: "Reassign review items to another reviewer", permission: "campaign:manage" },
  { method: "get", path: "/api/v1/campaigns/{id}/items", tag: "Campaigns", summary: "Review items of a campaign (reviewers: theirs only)", permission: "identity:read", query: ZCursorPage, list: true },
  { method: "get", path: "/api/v1/campaigns/{id}/evidence", tag: "Campaigns", summary: "Evidence pack (zip: decisions CSV, snapshots JSON, summary)", permission: "campaign:evidence" },
  { method: "get", path: "/api/v1/campaigns/{id}/bulk-decision", tag: "Reviews", summary: "What a bulk 'keep used, revoke unused' would decide", permission: "review:decide" },
  { method: "post", path: "/api/v1/campaigns/{id}/bulk-decision", tag: "Reviews", summary: "Bulk 'keep used, revoke unused' on the reviewer's open items", permission: "review:decide" },
  { method: "get", path: "/api/v1/campaigns/{id}/quality", tag: "Campaigns", summary: "Review quality per certifier: pace, KEEP share, bulk size, last-hour decisions, rubber-stamp flag", permission: "campaign:read" },
  { method: "get", path: "/api/v1/campaigns/{id}/delegations", tag: "Campaigns", summary: "Delegations that covered the campaign (who decided for whom)", permission: "campaign:read" },
  { method: "get", path: "/api/v1/delegations", tag: "Reviews", summary: "The caller's delegations in force or scheduled, given and received", permission: "review:decide" },
  { method: "post", path: "/api/v1/delegations", tag: "Reviews", summary: "Delegate the caller's reviews (all campaigns or one) to another reviewer for a time window", permission: "review:decide", body: ZDelegationInput, status: 201 },
  { method: "post", path: "/api/v1/delegations/{id}/revoke", tag: "Reviews", summary: "End a delegation now (delegator, delegate or admin)", permission: "review:decide" },
  { method: "get", path: "/api/v1/ownership-transfers", tag: "Ownership", summary: "The caller's open ownership transfers: incoming (to accept) and outgoing", permission: "review:decide" },
  { method: "post", path: "/api/v1/ownership-transfers", tag: "Ownership", summary: "Hand an NHI over: the new owner must accept (its owner or an admin)", permission: "identity:read", body: ZHandover, status: 201 },
  { method: "post", path: "/api/v1/ownership-transfers/{id}/accept", tag: "Ownership", summary: "Accept ownership (the new owner only)", permission: "review:decide" },
  { method: "post", path: "/api/v1/ownership-transfers/{id}/decline", tag: "Ownership", summary: "Decline ownership with a reason (the new owner only)", permission: "review:decide", body: z.object({ reason: z.string().min(1).max(1000) }) },
  { method: "post", path: "/api/v1/ownership-transfers/{id}/cancel", tag: "Ownership", summary: "Withdraw an open transfer (requester, current owner or admin)", permission: "identity:read" },
  { method: "get", path: "/api/v1/review-items/{id}", tag: "Reviews", summary: "One review item with its snapshot (incl. the NHI's exceptions at launch), its decisions and its exceptions now (live, requested from it, requestable per grant and credential)", permission: "identity:read" },
  { method: "post", path: "/api/v1/review-items/{id}/decision", tag: "Reviews", summary: "Decide a review item: identity, each entitlement and credential, comment", permission: "review:decide" },
  { method: "get", path: "/api/v1/remediation-tasks", tag: "Remediation", summary: "Remediation tasks from review decisions (closedNote and verifiedByImportId when an import showed the work done)", permission: "remediation:read", query: ZCursorPage, list: true },
  { method: "patch", path: "/api/v1/remediation-tasks/{id}", tag: "Remediation", summary: "Update a task's status", permission: "remediation:work" },
  { method: "get", path: "/api/v1/identities", tag: "Identities", summary: "The NHI inventory with the inventory page's filters (owners: their own and backed-up NHIs)", permission: "identity:read", query: ZInventoryFilters.extend(ZCursorPage.shape), list: true },
  { method: "get", path: "/api/v1/identities/{id}", tag: "Identities", summary: "One NHI (another owner's NHI is 404)", permission: "identity:read" },
  { method: "patch", path: "/api/v1/identities/{id}", tag: "Identities", summary: "Edit an NHI: admins owner, backup owner, purpose, criticality; owners only the purpose of their own NHIs", permission: "identity:read", body: ZIdentityUpdate.strict() },
  { method: "get", path: "/api/v1/identities/{id}/credentials", tag: "Identities", summary: "An NHI's credentials: metadata only, never a secret value", permission: "identity:read", query: ZCursorPage, list: true },
  { method: "get", path: "/api/v1/identities/{id}/entitlements", tag: "Identities", summary: "An NHI's entitlements with privilege, sensitivity and last use", permission: "identity:read", query: ZCursorPage, list: true },
  { method: "get", path: "/api/v1/users", tag: "Users", summary: "Users with role, team and status (admins)", permission: "user:manage", query: ZCursorPage, list: true },
  { method: "post", path: "/api/v1/users", tag: "Users", summary: "Create a user with a password (409 when the e-mail is taken)", permission: "user:manage", body: ZUserCreate, status: 201 },
  { method: "get", path: "/api/v1/users/candidates", tag: "Users", summary: "People pickers' search: active users matching a name or e-mail term, best matches first (owner: admins; reviewer: campaign managers; new-owner, delegate, transfer: reviewers)", permission: "identity:read", query: ZPeopleSearch },
  { method: "get", path: "/api/v1/users/{id}", tag: "Users", summary: "One user", permission: "user:manage" },
  { method: "patch", path: "/api/v1/users/{id}", tag: "Users", summary: "Change a user's role, team or active flag (409: your own admin role, the last active admin)", permission: "user:manage", body: ZUserUpdate },
  { method: "get", path: "/api/v1/webhooks", tag: "Webhooks", summary: "Outbound webhook endpoints with delivery counts (never their secrets)", permission: "webhook:manage", list: true },
  { method: "post", path: "/api/v1/webhooks", tag: "Webhooks", summary: "Create an endpoint; the answer carries the signing secret, shown only this once", permission: "webhook:manage", body: ZWebhookCreate, status: 201 },
  { method: "get", path: "/api/v1/webhooks/{id}", tag: "Webhooks", summary: "One endpoint", permission: "webhook:manage" },
  { method: "patch", path: "/api/v1/webhooks/{id}", tag: "Webhooks", summary: "Change name, URL, events, or enable/disable an endpoint", permission: "webhook:manage", body: ZWebhookUpdate },
  { method: "delete", path: "/api/v1/webhooks/{id}", tag: "Webhooks", summary: "Delete an endpoint and its delivery log", permission: "webhook:manage", status: 204 },
  { method: "post", path: "/api/v1/webhooks/{id}/test", tag: "Webhooks", summary: "Send a signed webhook.test event now (409 when the endpoint is disabled)", permission: "webhook:manage" },
  { method: "post", path: "/api/v1/webhooks/{id}/rotate-secret", tag: "Webhooks", summary: "Replace the signing secret (returned once)", permission: "webhook:manage" },
  { method: "get", path: "/api/v1/webhooks/{id}/deliveries", tag: "Webhooks", summary: "Delivery log, newest first: status, attempts, status code, duration, error, response snippet", permission: "webhook:manage", query: ZDeliveryPage, list: true },
  { method: "post", path: "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver", tag: "Webhooks", summary: "Send a delivery's event again as a new delivery (409 while it is still being retried)", permission: "webhook:manage" },
  { method: "get", path: "/api/v1/openapi.json", tag: "Meta", summary: "This document", permission: "identity:read" },
];

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: "openapi-3.0", io: "input", unrepresentable: "any" }) as Record<string, unknown>;

const ERROR = {
  description: "Error",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["error"],
        properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } },
      },
    },
  },
};

/** The OpenAPI 3.0 document of /api/v1. */
export function openApiDocument(version = "1.0.0") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const params: unknown[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    if (op.query) {
      const schema = jsonSchema(op.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(schema.properties ?? {})) params.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: s });
    }
    const body =
      op.body === "multipart"
        ? { required: true, content: { "multipart/form-data": { schema: jsonSchema(ZMultipartImport) } } }
        : op.body
          ? { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } }
          : undefined;
    const ok = op.status === 204
      ? { description: "Done" }
      : {
          description: op.list ? "A page of results" : "The result",
          content: {
            "application/json": {
              schema: op.list
                ? { type: "object", required: ["data", "nextCursor"], properties: { data: { type: "array", items: { type: "object" } }, nextCursor: { type: "string", nullable: true } } }
                : { type: "object" },
            },
          },
        };
    (paths[op.path] ??= {})[op.method] = {
      tags: [op.tag],
      summary: op.summary,
      description: `Requires the \`${op.permission}\` permission (role, or API token scope).`,
      operationId: `${op.method}${op.path.replace(/^\/api\/v1/, "").replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      ...(params.length ? { parameters: params } : {}),
      ...(body ? { requestBody: body } : {}),
      responses: { [String(op.status ?? 200)]: ok, 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR, 429: ERROR },
    };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "Steward API",
      version,
      description: "Governance of non-human identities. Authenticate with `Authorization: Bearer <token>` (an API token) or a session cookie. Lists are cursor-paged: pass `nextCursor` back as `cursor`.",
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" }, session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" } } },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
