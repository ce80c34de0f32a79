'use strict';
// node test/with-devserver.js CMD ARGS...: starts the dev server (found as the
// tests find it) over a copy of the sample data, runs CMD ARGS... URI, stops
// the server, and exits with CMD's status. test.sh runs the program of a
// fresh npm project with it.

const { spawnSync } = require('node:child_process');
const { startDevServer } = require('./support');

(async () => {
  const [cmd, ...args] = process.argv.slice(2);
  const server = await startDevServer();
  let status = 1;
  try {
    const r = spawnSync(cmd, [...args, server.uri], { stdio: 'inherit' });
    if (r.error) console.error(`with-devserver: ${r.error.message}`);
    status = r.status ?? 1;
  } finally {
    await server.stop();
  }
  process.exit(status);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
