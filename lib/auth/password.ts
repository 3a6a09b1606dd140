import bcrypt from "bcryptjs";

// bcryptjs is pure JS (no install script, no native binary); cost 10 keeps sign-in under ~100 ms on 2 cores.
const COST = 10;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) return Promise.resolve(false);
  return bcrypt.compare(plain, hash);
}
