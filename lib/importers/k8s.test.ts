import { describe, expect, it } from "vitest";
import { byId, fixture, parseFixtures } from "./__fixtures__/load";
import { parseImport } from "./index";
import { k8sVerbPrivilege, subjectTarget } from "./k8s-rbac";

describe("Kubernetes service accounts and RBAC", () => {
  const r = parseFixtures("auto", ["k8s-rbac-list.json"]);

  it("reads a List: service accounts keyed namespace/name with labels, cloud annotations and owner hints", () => {
    expect(r.format).toBe("k8s");
    const api = byId(r.identities, "orders-prod/orders-api");
    expect(api).toMatchObject({ kind: "WORKLOAD_IDENTITY", environment: "PROD", createdAtSource: new Date("2023-05-06T07:08:09Z") });
    expect(api.tags["aws:roleArn"]).toBe("arn:aws:iam::123456789012:role/orders-api");
    expect(api.tags["k8s:automountToken"]).toBe("false");
    expect(api.tags).not.toHaveProperty("kubectl.kubernetes.io/last-applied-configuration");
    expect(api.ownerHints).toEqual(["sam.k8s@acme.example", "team:checkout"]);
    expect(byId(r.identities, "kube-system/default").platformManaged).toBe(true);
    expect(r.warnings.join("\n")).toMatch(/1 object\(s\) of other kinds/);
  });

  it("resolves bindings: cluster-admin to kube-system/default, namespace groups, SA users, no subjects", () => {
    const def = byId(r.identities, "kube-system/default").entitlements;
    expect(def[0]).toMatchObject({ resource: "*/* @ cluster", permission: "*", privilege: "ADMIN", sensitivity: "CRITICAL", viaName: "ClusterRoleBinding minikube-rbac → ClusterRole cluster-admin" });
    const api = byId(r.identities, "orders-prod/orders-api").entitlements;
    expect(api.map((e) => [e.resource, e.permission, e.privilege, e.via])).toEqual([
      ["core/configmaps @ orders-prod", "get, list, watch", "READ", "GROUP"],
      ["core/secrets/orders-db @ orders-prod", "get", "READ", "GROUP"],
      ["apps/deployments @ orders-prod", "get, patch", "WRITE", "GROUP"],
    ]);
    expect(api[1].sensitivity).toBe("HIGH");
    // "system:serviceaccount:ns:name" User subject = that SA; aggregated ClusterRole "admin" with empty rules.
    const reporter = byId(r.identities, "orders-prod/reporter").entitlements;
    expect(reporter.find((e) => e.permission === "role:admin")).toMatchObject({ privilege: "ADMIN", resource: "clusterrole/admin @ orders-prod" });
  });

  it("flags a binding to a service account that does not exist", () => {
    const gone = byId(r.identities, "orders-prod/gone-sa");
    expect(gone).toMatchObject({ status: "DELETED_AT_SOURCE" });
    expect(gone.tags["k8s:danglingBinding"]).toBe("true");
    // Namespace groups grant to existing accounts only.
    expect(gone.entitlements.map((e) => e.permission)).toEqual(["role:admin"]);
  });

  it("takes token Secret names from secrets[] when no Secret objects were exported", () => {
    expect(byId(r.identities, "kube-system/default").credentials).toEqual([expect.objectContaining({ externalId: "secret/default-token-abcde", type: "TOKEN", createdAt: null })]);
    expect(byId(r.identities, "kube-system/default").credentialsComplete).toBe(false);
  });

  it("reads an array of Lists and system:serviceaccounts (every SA)", () => {
    const lists = parseFixtures("auto", ["k8s-array-of-lists.json"]);
    expect(byId(lists.identities, "ci/builder").entitlements).toEqual([expect.objectContaining({ permission: "role:view", privilege: "READ", via: "GROUP" })]);
  });

  it("reads a bare array; a one-namespace export only covers its namespace", () => {
    const bare = parseFixtures("auto", ["k8s-bare-array.json"]);
    expect(bare.identities.map((i) => i.externalId)).toEqual(["tools/solo"]);
    expect(bare.fullScope).toEqual({ externalIdPrefixes: ["tools/"] });
    expect(r.fullScope).toEqual({});
  });

  it("reads YAML with --- and legacy token Secrets linked by annotation, without their data", () => {
    const y = parseFixtures("auto", ["k8s-rbac.yaml"]);
    const ingest = byId(y.identities, "data-prod/ingest");
    expect(ingest.tags["gcp:serviceAccount"]).toBe("ingest@analytics-prod-3381.iam.gserviceaccount.com");
    expect(ingest.tags["azure:clientId"]).toBe("5c5c5c5c-0000-4000-8000-000000000001");
    expect(ingest.credentials).toEqual([
      expect.objectContaining({ externalId: "secret/ingest-token-x1y2z", status: "ACTIVE", lastUsedAt: new Date("2024-11-02T00:00:00Z"), createdAt: new Date("2019-09-09T09:09:10Z") }),
      expect.objectContaining({ externalId: "secret/ingest-manual-token", status: "INACTIVE" }),
    ]);
    expect(ingest.entitlements.map((e) => [e.resource, e.privilege, e.sensitivity])).toEqual([
      ["core/secrets @ cluster", "READ", "HIGH"],
      ["rbac.authorization.k8s.io/clusterrolebindings @ cluster", "ADMIN", "CRITICAL"],
    ]);
    expect(JSON.stringify(y)).not.toMatch(/ZXlKaGJH|c2Vjb25k|LS0tLS1C/);
  });

  it("rates verbs and subjects", () => {
    expect([["get", "pods"], ["create", "pods/exec"], ["delete", "pods"], ["impersonate", "users"], ["*", "pods"]].map(([v, r]) => k8sVerbPrivilege(v, r)))
      .toEqual(["READ", "ADMIN", "WRITE", "ADMIN", "ADMIN"]);
    expect(subjectTarget({ kind: "ServiceAccount", name: "x" }, "ns")).toEqual({ sa: "ns/x" });
    expect(subjectTarget({ kind: "Group", name: "system:serviceaccounts" }, null)).toEqual({ all: true });
    expect(subjectTarget({ kind: "User", name: "alice" }, null)).toBeNull();
  });

  it("rejects a file that is not a Kubernetes export", () => {
    expect(() => parseImport("k8s", [fixture("github-deploy-keys.json")])).toThrow(/not a Kubernetes export/);
  });
});
