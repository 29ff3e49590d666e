// Which search backend the server process uses; decided once by the start command and passed through env.
// Queries and indexing use separate clients: a query must give up quickly and fall back to the database (a hung
// Meilisearch must not hold a resident's page), while indexing may wait for a busy engine.
import { config } from "../config.ts";
import { meiliClient } from "./meili.ts";
import type { Meilisearch } from "meilisearch";

/** How long a search query waits for Meilisearch before the database answers instead. */
export const SEARCH_TIMEOUT_MS = 300;

let queryClient: Meilisearch | null | undefined;
let indexClient: Meilisearch | null | undefined;

function configured(timeoutMs: number): Meilisearch | null {
  const cfg = config();
  return cfg.SEARCH !== "off" && cfg.MEILI_URL ? meiliClient(cfg.MEILI_URL, cfg.MEILI_MASTER_KEY, timeoutMs) : null;
}

/** The Meilisearch client for queries (short timeout), or null when search runs on the database fallback. */
export function searchClient(): Meilisearch | null {
  if (queryClient === undefined) queryClient = configured(SEARCH_TIMEOUT_MS);
  return queryClient;
}

/** The Meilisearch client for the outbox worker and health checks (default timeout), or null. */
export function indexingClient(): Meilisearch | null {
  if (indexClient === undefined) indexClient = configured(5000);
  return indexClient;
}
