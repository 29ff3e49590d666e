// Writes a brotli (.br) and a gzip (.gz) copy beside every text asset of the client build, so that the portal (which
// runs without nginx by default) sends compressed scripts and styles without compressing per request.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { AstroIntegration } from "astro";
import { COMPRESSIBLE, filesUnder, MIN_COMPRESS_BYTES } from "../server/http/static-files.ts";

export function precompressDir(dir: string): number {
  let written = 0;
  for (const path of filesUnder(dir)) {
    const ext = path.slice(path.lastIndexOf(".") + 1);
    if (!(ext in COMPRESSIBLE) || statSync(path).size < MIN_COMPRESS_BYTES) continue;
    const body = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } }));
    writeFileSync(`${path}.gz`, gzipSync(body, { level: 9 }));
    written += 1;
  }
  return written;
}

export default function precompress(): AstroIntegration {
  return {
    name: "precompress",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        // `dir` is the client folder in a server build.
        const written = precompressDir(fileURLToPath(dir));
        logger.info(`${written} files precompressed (br, gz)`);
      },
    },
  };
}
