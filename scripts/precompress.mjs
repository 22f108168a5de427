// Writes a brotli-compressed copy (quality 11) beside each .wasm, .js and .css file of the
// built web app; the server sends it to browsers that accept brotli (see crates/api/src/spa.rs).
//   node scripts/precompress.mjs frontend/dist
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const dir = process.argv[2] ?? "frontend/dist";
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const bytes = readFileSync(join(dir, name));
  const compressed = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(join(dir, `${name}.br`), compressed);
  console.log(`${name}: ${bytes.length} bytes, brotli ${compressed.length}`);
}
