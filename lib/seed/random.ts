// Seeded pseudo-random numbers for the demo estate and the benchmarks. The same seed always gives the same
// estate, ids included, so screenshots, tests and benchmark runs are reproducible. Not for anything secret.

const DAY_MS = 86_400_000;

/** A 32-bit hash of any mix of numbers and strings (murmur3-style mixing), used to derive independent streams. */
export function hashSeed(...parts: ReadonlyArray<number | string>): number {
  let h = 0x811c9dc5 ^ parts.length;
  for (const part of parts) {
    const s = typeof part === "number" ? `#${part}` : `$${part}`;
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ 0x9e3779b9, 0x85ebca6b);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 53-bit hash of a string (cyrb53): used as a compact key for "seen" sets at 500k-row scale. */
export function hash53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const B36 = "0123456789abcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Cumulative table for repeated weighted picks from the same list. */
export interface WeightedTable<T> {
  readonly items: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

export function weightedTable<T>(entries: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, weight] of entries) {
    if (weight <= 0) continue;
    total += weight;
    items.push(item);
    cumulative.push(total);
  }
  if (items.length === 0) throw new Error("weightedTable: no entry has a positive weight");
  return { items, cumulative, total };
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state, passes PractRand, fast in JS.
 * Seeded through splitmix32 so nearby seeds give unrelated streams.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string | readonly [number, number, number, number]) {
    if (typeof seed === "object") {
      // Full 128-bit state: streams derived per NHI must not collide, and 32-bit seeds would (birthday bound:
      // ~30 duplicate streams, so duplicate ids, among 500,000 NHIs).
      [this.a, this.b, this.c, this.d] = seed.map((x) => x | 0) as [number, number, number, number];
      if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
      for (let i = 0; i < 12; i++) this.uint32();
      return;
    }
    let s = typeof seed === "number" ? seed >>> 0 : hashSeed(seed);
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A child stream keyed by labels (128 bits of state from four salted hashes of them). */
  static derive(...parts: ReadonlyArray<number | string>): Rng {
    return new Rng([hashSeed("s0", ...parts), hashSeed("s1", ...parts), hashSeed("s2", ...parts), hashSeed("s3", ...parts)]);
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick: empty list");
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Weighted pick from [item, weight] pairs, or from a prebuilt table (faster in hot loops). */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]> | WeightedTable<T>): T {
    const table = "cumulative" in entries ? entries : weightedTable(entries);
    const x = this.next() * table.total;
    // Binary search: tables are short, but this keeps the cost flat for long ones.
    let lo = 0;
    let hi = table.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < (table.cumulative[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return table.items[lo] as T;
  }

  /** k distinct items (k clamped to the list length), in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = items.slice();
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i));
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }

  /** Standard normal (Box-Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A date uniformly between two instants (Date or epoch ms), whichever order they come in. */
  date(from: Date | number, to: Date | number): Date {
    const a = typeof from === "number" ? from : from.getTime();
    const b = typeof to === "number" ? to : to.getTime();
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    return new Date(Math.floor(lo + this.next() * (hi - lo)));
  }

  /** A date `minDays`..`maxDays` days before `now`. */
  daysAgo(now: Date | number, minDays: number, maxDays: number): Date {
    const t = typeof now === "number" ? now : now.getTime();
    return this.date(t - maxDays * DAY_MS, t - minDays * DAY_MS);
  }

  private chars(alphabet: string, n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A cuid-like id: "c" + 24 base36 characters (25 in all), deterministic for the stream. */
  id(): string {
    return `c${this.chars(B36, 24)}`;
  }

  hex(n: number): string {
    return this.chars(HEX, n);
  }

  base36(n: number): string {
    return this.chars(B36, n);
  }

  /** Upper-case letters and digits 2-7 (the alphabet of AWS key ids). */
  upperAlnum(n: number): string {
    return this.chars(UPPER_ALNUM, n);
  }

  base64(n: number): string {
    return this.chars(B64, n);
  }

  /** n decimal digits, the first one not zero. */
  digits(n: number): string {
    return String(this.int(1, 9)) + this.chars("0123456789", n - 1);
  }

  uuid(): string {
    const h = this.hex(32);
    const variant = "89ab"[this.int(0, 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

export function createRng(seed: number | string): Rng {
  return new Rng(seed);
}

export { DAY_MS };
