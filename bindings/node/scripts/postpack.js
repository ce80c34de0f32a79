'use strict';
// After `npm pack`: removes native/ (prepack.js's copy) when this is the
// repository's folder, so builds here keep compiling the live sources.
const fs = require('node:fs');
const path = require('node:path');
const { isCore } = require('./native');

const pkg = path.resolve(__dirname, '..');
if (isCore(path.resolve(pkg, '..', '..'))) fs.rmSync(path.join(pkg, 'native'), { recursive: true, force: true });
