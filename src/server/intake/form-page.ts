// Everything the /report page needs to render the form: options, pre-filled values from a link, and the notice
// shown when a link names an entry whose publicity is not open.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { INT4_MAX } from "../../domain/ids.ts";
import { objectionAllowed } from "../../domain/publicity.ts";
import { KIND_HINTS } from "../../domain/report.ts";
import { CASE_KINDS, CATEGORIES, CATEGORY_LABELS, KIND_LABELS } from "../../domain/routing.ts";
import { shanghaiDate } from "../../domain/time.ts";
import { config } from "../config.ts";
import type { Tx } from "../db.ts";
import { entryById, openEntries, prefecturesWithCounties, regionPath } from "./options.ts";

const linkQuery = z.object({
  type: z.enum(CASE_KINDS).optional().catch(undefined),
  entry: z.coerce.number().int().positive().max(INT4_MAX).optional().catch(undefined),
  region: z.string().regex(/^\d{6}(\d{3})?$/).optional().catch(undefined),
});

export async function reportFormProps(tx: Tx, url: URL, now: Date, values?: Record<string, string>) {
  const q = linkQuery.parse(Object.fromEntries(url.searchParams));
  const initial: Record<string, string> = { ...(values ?? {}) };
  let entryNotice: string | null = null;
  if (!values) {
    if (q.entry) {
      const entry = await entryById(tx, q.entry);
      if (entry) {
        const check = objectionAllowed(entry, now);
        if (check.allowed) Object.assign(initial, { kind: "objection", publicityEntryId: String(entry.id) });
        else {
          entryNotice = `对“${entry.name}”的${check.reason}`;
          Object.assign(initial, { kind: "complaint", regionCode: entry.regionCode });
        }
      }
    } else if (q.type) initial.kind = q.type;
    if (q.region) {
      initial.regionCode = q.region;
      initial.kind ??= "complaint";
    }
  }
  const regionCode = initial.regionCode;
  const path = regionCode ? await regionPath(tx, regionCode) : [];
  return {
    kinds: CASE_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], hint: KIND_HINTS[k] })),
    categories: CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
    entries: await openEntries(tx, now),
    prefectures: await prefecturesWithCounties(tx, config().PROVINCE_CODE),
    initial,
    initialRegion: path.length ? { code: path.at(-1)!.code, label: path.map((p) => p.name).join(" ") } : null,
    idempotencyKey: randomUUID(),
    today: shanghaiDate(now),
    /** For the receipt the island shows (it has no server config). */
    officeShortName: config().OFFICE_SHORT_NAME,
    entryNotice,
  };
}
