// Which search backend the server process uses; decided once by the start command and passed through env.
import { config } from "../config.ts";
import { meiliClient } from "./meili.ts";
import type { Meilisearch } from "meilisearch";

let client: Meilisearch | null | undefined;

/** The Meilisearch client, or null when search runs on the database fallback. */
export function searchClient(): Meilisearch | null {
  if (client === undefined) {
    const cfg = config();
    client = cfg.SEARCH !== "off" && cfg.MEILI_URL ? meiliClient(cfg.MEILI_URL, cfg.MEILI_MASTER_KEY) : null;
  }
  return client;
}
