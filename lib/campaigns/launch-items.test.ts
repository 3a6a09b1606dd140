import { describe, expect, it } from "vitest";
import { splitByWeight } from "./launch-items";

describe("splitByWeight", () => {
  it("cuts a sorted list into runs of about equal weight, keeping the order", () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    const w: Record<string, number> = { a: 1, b: 1, c: 1, d: 1, e: 1, f: 7 };
    expect(splitByWeight(ids, [0.5, 0.5], (id) => w[id])).toEqual([["a", "b", "c", "d", "e"], ["f"]]);
    expect(splitByWeight(ids, [0.5, 0.5], () => 1)).toEqual([["a", "b", "c"], ["d", "e", "f"]]);
    expect(splitByWeight(ids, [1 / 3, 1 / 3, 1 / 3], () => 1)).toEqual([["a", "b"], ["c", "d"], ["e", "f"]]);
    expect(splitByWeight(["a", "b", "c", "d", "e"], [0.4, 0.6], () => 1)).toEqual([["a", "b"], ["c", "d", "e"]]);
  });

  it("never makes more runs than asked, nor empty ones", () => {
    expect(splitByWeight(["a"], [0.5, 0.5], () => 1)).toEqual([["a"]]);
    expect(splitByWeight([], [0.5, 0.5], () => 1)).toEqual([]);
    expect(splitByWeight(["a", "b", "c"], [0.5, 0.5], (id) => (id === "a" ? 100 : 1))).toEqual([["a"], ["b", "c"]]);
  });
});
