// Query-string parsing for public pages: zod with per-field fallbacks, so a malformed filter falls back to its
// default instead of failing the page (the page says which filter it ignored).
import { z } from "zod";

export const pageNumber = z.coerce.number().int().min(1).max(10_000).catch(1);
export const yearFilter = z.coerce.number().int().min(2000).max(2100).optional().catch(undefined);

export function optionalEnum<T extends string>(values: readonly [T, ...T[]]) {
  return z.enum(values).optional().catch(undefined);
}

/** Parses URLSearchParams with a schema whose fields all `.catch()`; reports the keys that were ignored. */
export function parseFilters<S extends z.ZodObject>(schema: S, params: URLSearchParams): { filters: z.infer<S>; ignored: string[] } {
  const raw = Object.fromEntries([...params.entries()].filter(([, v]) => v !== ""));
  const filters = schema.parse(raw) as z.infer<S>;
  const ignored = Object.keys(raw).filter((k) => k in schema.shape && raw[k] !== undefined && (filters as Record<string, unknown>)[k] === undefined);
  return { filters, ignored };
}

/** Builds a stable URL for a filtered, paginated list: keys in a fixed order, empty values left out. */
export function listUrl(path: string, params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "" && !(k === "page" && v === 1)) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** One page of a list already in memory (lists whose status is computed from the time, not stored). */
export function pageOf<T>(items: readonly T[], page: number, size: number): { rows: T[]; total: number; pages: number } {
  return { rows: items.slice((page - 1) * size, page * size), total: items.length, pages: Math.max(1, Math.ceil(items.length / size)) };
}
