// The queue's order and its keyset cursor: most urgent first — the earliest running deadline (so overdue cases lead,
// then those with the fewest working days left), cases without a running deadline (paused, closed) last — and the
// id to break ties, so every page continues exactly where the previous one stopped, whatever is inserted meanwhile.
import { isRowId } from "../../domain/ids.ts";

/** The sort key of one row: its running deadline (null sorts last) and its id. */
export interface QueueKey {
  deadlineAt: Date | null;
  id: number;
}

export function encodeCursor(key: QueueKey): string {
  return Buffer.from(`${key.deadlineAt ? key.deadlineAt.toISOString() : "-"}|${key.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): QueueKey | null {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  // A forged cursor must not name what PostgreSQL cannot compare (a year past 9999, an id past int4): it names nothing.
  if (!/^\d{1,10}$/.test(id ?? "") || !isRowId(Number(id))) return null;
  if (iso === "-") return { deadlineAt: null, id: Number(id) };
  const deadlineAt = new Date(iso ?? "");
  const year = deadlineAt.getUTCFullYear();
  return Number.isNaN(year) || year < 1970 || year > 9999 ? null : { deadlineAt, id: Number(id) };
}

/** The queue's order on rows in memory; the SQL order is the same rule (deadline asc nulls last, id asc). */
export function compareUrgency(a: QueueKey, b: QueueKey): number {
  if (a.deadlineAt && b.deadlineAt && a.deadlineAt.getTime() !== b.deadlineAt.getTime()) return a.deadlineAt.getTime() - b.deadlineAt.getTime();
  if (a.deadlineAt && !b.deadlineAt) return -1;
  if (!a.deadlineAt && b.deadlineAt) return 1;
  return a.id - b.id;
}

/** Whether a row comes after the cursor in that order (what the keyset condition in SQL selects). */
export function isAfter(row: QueueKey, cursor: QueueKey): boolean {
  return compareUrgency(row, cursor) > 0;
}
