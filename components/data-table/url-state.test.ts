import { describe, expect, it } from "vitest";
import {
  buildSearchParams,
  hrefWithParams,
  lastPage,
  pageRange,
  paginationUpdates,
  parseTableParams,
  sortUpdates,
  tableParamsSchema,
} from "./url-state";

describe("buildSearchParams", () => {
  it("sets, replaces and deletes keys while keeping the others", () => {
    expect(buildSearchParams("status=open&sort=name&dir=asc", { sort: "risk", dir: "desc" })).toBe(
      "status=open&sort=risk&dir=desc",
    );
    expect(buildSearchParams("status=open&q=bot", { q: null })).toBe("status=open");
    expect(buildSearchParams("status=open&q=bot", { q: "" })).toBe("status=open");
    expect(buildSearchParams("status=open", { q: undefined })).toBe("status=open");
  });

  it("writes arrays as repeated keys", () => {
    expect(buildSearchParams("", { platform: ["aws", "azure"] })).toBe("platform=aws&platform=azure");
    expect(buildSearchParams("platform=gcp&x=1", { platform: ["aws"] })).toBe("x=1&platform=aws");
  });

  it("resets the page on request and never writes page=1", () => {
    expect(buildSearchParams("page=4&size=50", { status: "open" }, { resetPage: true })).toBe("size=50&status=open");
    expect(buildSearchParams("page=4", { page: 1 })).toBe("");
    expect(buildSearchParams("page=4", { page: 5 })).toBe("page=5");
  });

  it("accepts URLSearchParams and Next's searchParams record", () => {
    expect(buildSearchParams(new URLSearchParams("a=1"), { b: 2 })).toBe("a=1&b=2");
    expect(buildSearchParams({ a: "1", tag: ["x", "y"], gone: undefined }, { b: true })).toBe("a=1&tag=x&tag=y&b=true");
    expect(buildSearchParams(null, { a: "1" })).toBe("a=1");
  });

  it("encodes values", () => {
    expect(buildSearchParams("", { q: "a&b c" })).toBe("q=a%26b+c");
  });
});

describe("hrefWithParams", () => {
  it("omits the question mark when nothing is left", () => {
    expect(hrefWithParams("/inventory", "page=2", { page: null })).toBe("/inventory");
    expect(hrefWithParams("/inventory", "", { sort: "name", dir: "asc" })).toBe("/inventory?sort=name&dir=asc");
  });
});

describe("sortUpdates / paginationUpdates", () => {
  it("sorting goes back to page 1", () => {
    expect(buildSearchParams("page=3&status=open", sortUpdates("risk", "desc"))).toBe("status=open&sort=risk&dir=desc");
    expect(buildSearchParams("page=3&sort=risk&dir=desc", sortUpdates(null, "asc"))).toBe("");
  });

  it("a new page size goes back to page 1; a new page keeps the size", () => {
    expect(paginationUpdates({ page: 3, size: 50 }, { page: 3, size: 100 })).toEqual({ size: 100, page: null });
    expect(paginationUpdates({ page: 3, size: 50 }, { page: 4, size: 50 })).toEqual({ page: 4 });
    expect(buildSearchParams("page=3&size=50", paginationUpdates({ page: 3, size: 50 }, { page: 1, size: 50 }))).toBe(
      "size=50",
    );
  });
});

describe("parseTableParams", () => {
  const config = { sortable: ["name", "riskScore", "lastUsedAt"], defaultSort: "riskScore", defaultDir: "desc" } as const;

  it("uses defaults when nothing is given", () => {
    expect(parseTableParams({}, config)).toEqual({
      page: 1,
      size: 50,
      sort: "riskScore",
      dir: "desc",
      skip: 0,
      take: 50,
    });
  });

  it("parses valid params and computes skip/take", () => {
    expect(parseTableParams({ page: "3", size: "100", sort: "name", dir: "asc" }, config)).toEqual({
      page: 3,
      size: 100,
      sort: "name",
      dir: "asc",
      skip: 200,
      take: 100,
    });
  });

  it("falls back per param instead of throwing on bad input", () => {
    const p = parseTableParams({ page: "-2", size: "100000", sort: "passwordHash", dir: "sideways" }, config);
    expect(p).toMatchObject({ page: 1, size: 50, sort: "riskScore", dir: "desc" });
    expect(parseTableParams({ page: "abc", size: "7" }, config)).toMatchObject({ page: 1, size: 50 });
    expect(parseTableParams({ page: "2.5" }, config)).toMatchObject({ page: 1 });
  });

  it("takes the first value of a repeated param", () => {
    expect(parseTableParams({ page: ["2", "9"], sort: ["name", "x"] }, config)).toMatchObject({ page: 2, sort: "name" });
  });

  it("can be extended with the page's filters", () => {
    const schema = tableParamsSchema(config).extend({});
    expect(schema.parse({ page: "2" }).page).toBe(2);
  });
});

describe("pageRange / lastPage", () => {
  it("computes the visible range", () => {
    expect(pageRange(2, 50, 4812)).toEqual({ from: 51, to: 100 });
    expect(pageRange(97, 50, 4812)).toEqual({ from: 4801, to: 4812 });
    expect(pageRange(1, 50, 0)).toEqual({ from: 0, to: 0 });
    expect(pageRange(200, 50, 4812)).toEqual({ from: 0, to: 0 });
  });

  it("has at least one page", () => {
    expect(lastPage(4812, 50)).toBe(97);
    expect(lastPage(0, 50)).toBe(1);
    expect(lastPage(50, 50)).toBe(1);
  });
});
