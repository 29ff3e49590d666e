// Access codes are shown once and stored only as a hash (DESIGN.md §4).
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { normalizeAccessCode } from "../domain/tracking.ts";

export function hashAccessCode(code: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeAccessCode(code))));
}
