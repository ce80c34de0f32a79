'use strict';
// Where the milvus-jobs core's sources are, for binding.gyp:
//   node scripts/native.js root     -> "native" (the copy a packed tarball carries)
//                                      or "../.." (this repository's checkout)
//   node scripts/native.js sources  -> the core's .cpp files, relative to this package
//   node scripts/native.js version  -> the version in include/milvus_jobs.h, e.g. 0.2.0
// The copy wins when present: a tarball installed inside some other project
// must never pick up whatever lies two folders above it.

const fs = require('node:fs');
const path = require('node:path');

const pkg = path.resolve(__dirname, '..');

function isCore(dir) {
  return fs.existsSync(path.join(dir, 'include', 'milvus_jobs.h')) && fs.existsSync(path.join(dir, 'src', 'milvus_jobs.map'));
}

function root() {
  if (isCore(path.join(pkg, 'native'))) return 'native';
  if (isCore(path.join(pkg, '..', '..'))) return '../..';
  process.stderr.write(
    `milvus-jobs: the core's sources are missing: neither ${path.join(pkg, 'native')} (made by \`npm pack\`) ` +
      `nor ${path.resolve(pkg, '..', '..')} (the repository) holds include/milvus_jobs.h and src/.\n`,
  );
  process.exit(1);
}

function sources(r) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(pkg, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.cpp')) out.push(p);
    }
  };
  walk(`${r}/src`);
  return out.sort();
}

function version(r) {
  const h = fs.readFileSync(path.join(pkg, r, 'include', 'milvus_jobs.h'), 'utf8');
  const part = (n) => {
    const m = new RegExp(`^#define MJ_VERSION_${n} (\\d+)`, 'm').exec(h);
    if (!m) throw new Error(`milvus-jobs: MJ_VERSION_${n} not found in milvus_jobs.h`);
    return m[1];
  };
  return `${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}`;
}

if (require.main === module) {
  const what = process.argv[2];
  const r = root();
  if (what === 'root') console.log(r);
  else if (what === 'sources') console.log(sources(r).join('\n'));
  else if (what === 'version') console.log(version(r));
  else {
    process.stderr.write('usage: node scripts/native.js root|sources|version\n');
    process.exit(2);
  }
}

module.exports = { root, sources, version, isCore };
