// Tracking 查询凭证: the tracking number and access code a submitter receives (DESIGN.md §4).
import { isDateString, shanghaiDate } from "./time.ts";
import type { DateString } from "./time.ts";

export const TRACKING_PREFIX = "GS";
export const MAX_DAILY_SEQUENCE = 999_999;

/** 'GS' + yyyymmdd (Shanghai date) + 6-digit daily sequence, e.g. GS20261123000042. */
export function formatTrackingNumber(now: Date, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`当日流水号须在 1 至 ${MAX_DAILY_SEQUENCE} 之间（收到 ${seq}）`);
  }
  return `${TRACKING_PREFIX}${shanghaiDate(now).replaceAll("-", "")}${String(seq).padStart(6, "0")}`;
}

/** Tolerates lower case and surrounding spaces, since people copy numbers from messages and letters. */
export function parseTrackingNumber(s: string): { date: DateString; seq: number } | null {
  const match = /^GS(\d{4})(\d{2})(\d{2})(\d{6})$/.exec(s.trim().toUpperCase());
  if (!match) return null;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  const seq = Number(match[4]);
  if (!isDateString(date) || seq < 1) return null;
  return { date, seq };
}

/** No 0/O, 1/I/L: codes are read aloud on the phone and copied from paper. 31 symbols. */
export const ACCESS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const ACCESS_CODE_LENGTH = 10;

/**
 * A random access code. Bytes at or above the largest multiple of the alphabet size are discarded, so every
 * symbol is exactly equally likely (plain `byte % 31` would favour the first 8 symbols).
 */
export function generateAccessCode(randomBytes: (n: number) => Uint8Array): string {
  const size = ACCESS_CODE_ALPHABET.length;
  const limit = 256 - (256 % size);
  let code = "";
  for (let rounds = 0; code.length < ACCESS_CODE_LENGTH; rounds += 1) {
    // A working random source rejects ~3% of bytes; hundreds of rounds mean it is broken, not unlucky.
    if (rounds > 100) throw new Error("随机数源异常：无法生成访问码");
    for (const byte of randomBytes(ACCESS_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < ACCESS_CODE_LENGTH) code += ACCESS_CODE_ALPHABET[byte % size];
    }
  }
  return code;
}

/**
 * Upper case without dashes or spaces; hashing and comparison use this form. It does not validate: a mistyped
 * code simply fails to match (see isAccessCode to tell the user the format is wrong).
 */
export function normalizeAccessCode(s: string): string {
  return s.replace(/[\s\-–—_]/g, "").toUpperCase();
}

export function isAccessCode(s: string): boolean {
  const code = normalizeAccessCode(s);
  return code.length === ACCESS_CODE_LENGTH && [...code].every((ch) => ACCESS_CODE_ALPHABET.includes(ch));
}

/** 'ABCD-EFGH-JK' — groups of four are easier to copy by hand. */
export function formatAccessCode(code: string): string {
  return (normalizeAccessCode(code).match(/.{1,4}/g) ?? []).join("-");
}
