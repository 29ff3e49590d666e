// Where uploaded evidence is kept: files under DATA_DIR/evidence, named by the storage keys the database holds. The
// intake writes there; case pages and forms, Open311 media and the orphan sweep read it or clean it up.
import { join } from "node:path";
import { config } from "./config.ts";

export function evidenceDir(): string {
  return join(config().dataDir, "evidence");
}
