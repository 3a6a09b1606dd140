import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { grantableScopes } from "@/lib/tokens/mutations";
import { listApiTokens } from "@/lib/tokens/queries";
import { SCOPE_LABELS, TOKEN_EXPIRY_CHOICES, ZTokenListQuery } from "@/lib/tokens/schemas";
import type { SearchParamsRecord } from "@/components/data-table/url-state";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CreateTokenForm } from "./create-token-form";
import { TokensTable } from "./tokens-table";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage({ searchParams }: { searchParams: Promise<SearchParamsRecord> }) {
  const viewer = await requireViewer("token:manage-own");
  const query = ZTokenListQuery.parse(await searchParams);
  const { rows, total } = await listApiTokens(viewer, query);
  const isAdmin = can(viewer, "token:manage");
  const scopes = grantableScopes(viewer).map((s) => ({ value: s, label: SCOPE_LABELS[s] }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted-foreground">
          Scripts and integrations call the REST API (<code>/api/v1</code>) with <code>Authorization: Bearer stw_…</code>. A token
          acts as the person who created it, limited to the scopes chosen here
          {can(viewer, "identity:read-all") ? "" : " and to the NHIs that person owns"}. It is shown once, stored only as a hash,
          always expires, and stops working at once when revoked or when its creator is deactivated.
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Create a token</CardTitle>
          <CardDescription>Give it the fewest scopes and the shortest life that does the job.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateTokenForm scopes={scopes} expiryChoices={[...TOKEN_EXPIRY_CHOICES]} />
        </CardContent>
      </Card>
      <section aria-labelledby="tokens-heading" className="space-y-3">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          {isAdmin ? "All tokens" : "Your tokens"}
        </h2>
        <TokensTable rows={rows} total={total} page={query.page} size={query.size} sort={query.sort} dir={query.dir} showCreator={isAdmin} />
      </section>
    </div>
  );
}
