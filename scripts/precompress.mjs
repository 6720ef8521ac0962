// Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every .wasm, .js,
// .css, .html and .svg file in the given dist directory, so hosts that serve precompressed
// files (beak-sim, nginx gzip_static/brotli_static, most CDNs) send the smallest form
// without compressing on every request. Run by scripts/build after trunk.
//   node scripts/precompress.mjs DIST
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const dist = process.argv[2];
if (!dist || !fs.existsSync(dist)) {
  console.error('usage: node scripts/precompress.mjs DIST');
  process.exit(2);
}
const EXT = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.json', '.txt']);
let files = 0;
let raw = 0;
let br = 0;
let gz = 0;
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (EXT.has(path.extname(e.name))) {
      const buf = fs.readFileSync(p);
      const b = zlib.brotliCompressSync(buf, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
        },
      });
      const g = zlib.gzipSync(buf, { level: 9 });
      fs.writeFileSync(`${p}.br`, b);
      fs.writeFileSync(`${p}.gz`, g);
      files += 1;
      raw += buf.length;
      br += b.length;
      gz += g.length;
    }
  }
}
walk(dist);
console.log(`precompress: ${files} files, ${raw} bytes raw, ${gz} gzip, ${br} brotli`);
