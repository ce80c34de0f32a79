'use strict';
// `npm pack` / `npm publish`: copies the milvus-jobs core (include/, src/) from
// this repository into native/, so the tarball builds on `npm install` with
// no checkout around it. postpack.js removes the copy again.

const fs = require('node:fs');
const path = require('node:path');
const { isCore } = require('./native');

const pkg = path.resolve(__dirname, '..');
const repo = path.resolve(pkg, '..', '..');
const dest = path.join(pkg, 'native');

if (!isCore(repo)) {
  if (isCore(dest)) process.exit(0); // packing a package that already carries its copy
  console.error(`milvus-jobs prepack: ${repo} is not a milvus-jobs checkout (no include/milvus_jobs.h, src/)`);
  process.exit(1);
}
fs.rmSync(dest, { recursive: true, force: true });
const keep = (src) => fs.statSync(src).isDirectory() || /\.(cpp|hpp|h|map)$/.test(src);
fs.cpSync(path.join(repo, 'include'), path.join(dest, 'include'), { recursive: true, filter: keep });
fs.cpSync(path.join(repo, 'src'), path.join(dest, 'src'), { recursive: true, filter: keep });
for (const f of ['LICENSE', 'NOTICE']) {
  if (fs.existsSync(path.join(repo, f))) fs.copyFileSync(path.join(repo, f), path.join(dest, f));
}
