'use strict';
// `npm install` runs this (and `npm run build`): node-gyp rebuild of the addon,
// with the milvus-jobs core compiled in (binding.gyp). It builds against the
// headers of the Node that runs it when that Node ships them
// (<prefix>/include/node), so nothing is downloaded; else node-gyp fetches
// them as usual. node-gyp is this package's pinned dev dependency when
// installed, else the one npm bundles (npm_config_node_gyp), else PATH.
// `npm install <folder>` links a folder outside the project without installing
// its dependencies: then node-addon-api (headers) is installed here first.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const pkg = path.resolve(__dirname, '..');

function nodeGyp() {
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js', { paths: [pkg] })];
  } catch {
    // not installed beside us: npm's own
  }
  const bundled = process.env.npm_config_node_gyp;
  if (bundled && fs.existsSync(bundled)) return bundled.endsWith('.js') ? [process.execPath, bundled] : [bundled];
  return ['node-gyp'];
}

function ensureDependencies() {
  try {
    require.resolve('node-addon-api', { paths: [pkg] });
    return;
  } catch {
    // a linked folder: npm left its dependencies out
  }
  const cli = process.env.npm_execpath;
  const [cmd, ...pre] = cli && cli.endsWith('.js') ? [process.execPath, cli] : ['npm'];
  console.error(`milvus-jobs: installing the addon's build dependency (node-addon-api) in ${pkg}`);
  const r = spawnSync(cmd, [...pre, 'install', '--omit=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund'], {
    cwd: pkg,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`milvus-jobs: \`npm install --omit=dev\` in ${pkg} failed; run it there, then \`npm run build\``);
    process.exit(1);
  }
}

ensureDependencies();
const args = ['rebuild'];
const jobs = process.env.MJ_NODE_JOBS || String(os.availableParallelism ? os.availableParallelism() : os.cpus().length);
args.push(`--jobs=${jobs}`);
const prefix = path.resolve(process.execPath, '..', '..');
if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
const [cmd, ...pre] = nodeGyp();
const r = spawnSync(cmd, [...pre, ...args], { cwd: pkg, stdio: 'inherit' });
if (r.error) {
  console.error(`milvus-jobs: cannot run node-gyp (${r.error.message}); install it with \`npm install -g node-gyp\``);
  process.exit(1);
}
if (r.status !== 0) {
  console.error(
    'milvus-jobs: building the native addon failed. It needs a C++17 compiler, make, Python 3, and the ' +
      'libcurl and RapidJSON development headers (Debian/Ubuntu: apt-get install g++ make python3 ' +
      'libcurl4-openssl-dev rapidjson-dev).',
  );
}
process.exit(r.status ?? 1);
