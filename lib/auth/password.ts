import bcrypt from "bcryptjs";

/** Password hashing with bcrypt (bcryptjs): salted, cost 11 (~150 ms here). */
const COST = 11;
export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt hashes the first 72 bytes of a password and ignores the rest. */
export const MAX_PASSWORD_BYTES = 72;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

let dummy: string | undefined;
/** A hash to compare against when the user does not exist, so timing does not reveal it. */
export function dummyHash(): string {
  dummy ??= bcrypt.hashSync("not-a-real-password", COST);
  return dummy;
}
