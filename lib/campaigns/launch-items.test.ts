import { describe, expect, it } from "vitest";
import { splitByShares } from "./launch-items";

describe("splitByShares", () => {
  it("cuts a sorted list into consecutive runs of about the given shares, keeping the order", () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    expect(splitByShares(ids, [0.5, 0.5])).toEqual([["a", "b", "c"], ["d", "e", "f"]]);
    expect(splitByShares(ids, [1 / 3, 1 / 3, 1 / 3])).toEqual([["a", "b"], ["c", "d"], ["e", "f"]]);
    expect(splitByShares(["a", "b", "c", "d", "e"], [0.4, 0.6])).toEqual([["a", "b"], ["c", "d", "e"]]);
    expect(splitByShares(Array.from({ length: 100 }, (_, i) => i), [0.35, 0.65]).map((r) => r.length)).toEqual([35, 65]);
  });

  it("never makes more runs than asked, nor empty ones, and loses nothing", () => {
    expect(splitByShares(["a"], [0.5, 0.5])).toEqual([["a"]]);
    expect(splitByShares([], [0.5, 0.5])).toEqual([]);
    expect(splitByShares(["a", "b", "c"], [0.35, 0.65]).flat()).toEqual(["a", "b", "c"]);
  });
});
