// argon2id passwords (DESIGN.md §5). Parameters are the library defaults (m=19 MiB, t=2), OWASP's minimum.
import { hash, verify } from "@node-rs/argon2";
import { randomInt } from "node:crypto";

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id */ });
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";

/** A fresh random password for seeded accounts: 16 characters, ~92 bits. Never a fixed password. */
export function generatePassword(length = 16): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
