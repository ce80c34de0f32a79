'use strict';
// The example in examples/ runs against the dev server and exits 0.

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const path = require('node:path');
const { promisify } = require('node:util');
const { startDevServer } = require('./support');

test('examples/quickstart.js runs against the dev server', async () => {
  const server = await startDevServer();
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, '..', 'examples', 'quickstart.js'), server.uri], {
      timeout: 60000,
    });
    assert.match(stdout, /refresh completed/);
    assert.match(stdout, /import completed: 9 rows from 3 files/);
    assert.match(stdout, /failed as expected/);
  } finally {
    await server.stop();
  }
});
