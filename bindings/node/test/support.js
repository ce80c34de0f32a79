'use strict';
// Test support: the dev server on a free loopback port with a private copy of
// the sample data (tests/data/devserver), and small hand-made HTTP servers.

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { once } = require('node:events');

const mj = require('..');

const SAMPLE = path.resolve(__dirname, '..', '..', '..', 'tests', 'data', 'devserver');

const REPO = path.resolve(__dirname, '..', '..', '..');

let devServerBin;
/**
 * The dev server binary: MJ_DEVSERVER, else milvus-jobs-devserver on PATH,
 * else this repository's build trees (build/, build-release/). Says which.
 */
function findDevServer() {
  if (devServerBin) return devServerBin;
  const candidates = [];
  if (process.env.MJ_DEVSERVER) candidates.push([process.env.MJ_DEVSERVER, 'MJ_DEVSERVER']);
  for (const dir of (process.env.PATH || '').split(path.delimiter).filter(Boolean)) {
    candidates.push([path.join(dir, 'milvus-jobs-devserver'), 'PATH']);
  }
  for (const tree of ['build', 'build-release']) {
    candidates.push([path.join(REPO, tree, 'tools', 'devserver', 'milvus-jobs-devserver'), `the repository's ${tree}/`]);
  }
  for (const [file, from] of candidates) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (!fs.statSync(file).isFile()) continue;
    } catch {
      continue;
    }
    process.stderr.write(`milvus-jobs tests: dev server ${file} (from ${from})\n`);
    devServerBin = file;
    return file;
  }
  assert.fail(
    'milvus-jobs-devserver not found: set MJ_DEVSERVER to its path, put it on PATH (cmake --install installs it), ' +
      'or build it in the repository (tools/install.sh, or ninja -C build milvus-jobs-devserver)',
  );
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mj-node-'));
}

/**
 * Starts milvus-jobs-devserver (findDevServer()) on 127.0.0.1:0 over a copy of
 * the sample world. `prepare(dir)`, when given, runs on that copy first and
 * returns more flags (e.g. ['--cloud', file]). Returns {uri, dir, stop()}.
 */
async function startDevServer({ token, workDelayMs, tlsCert, tlsKey, prepare, extraArgs = [] } = {}) {
  const bin = findDevServer();
  const dir = tempDir();
  fs.cpSync(SAMPLE, dir, { recursive: true });
  const args = ['--host', '127.0.0.1', '--port', '0', '--config', path.join(dir, 'config.json'), '--data-dir', path.join(dir, 'data')];
  if (token) args.push('--token', token);
  if (workDelayMs) args.push('--work-delay-ms', String(workDelayMs));
  if (tlsCert) args.push('--tls-cert', tlsCert, '--tls-key', tlsKey);
  if (prepare) args.push(...prepare(dir));
  args.push(...extraArgs);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  const uri = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`devserver did not report its port; it printed: ${seen}`)), 10000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const m = /listening on (https?:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`devserver exited with ${code}: ${seen}`));
    });
  });
  child.stdout.resume();
  return {
    uri,
    dir,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP server on loopback that accepts connections and never answers. */
async function startSilentServer() {
  const sockets = new Set();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    uri: `http://127.0.0.1:${server.address().port}`,
    async stop() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/**
 * An HTTP server on loopback answering every request with handler(req, body)
 * -> {status, body, headers}; it records the requests it got.
 */
async function startScriptedServer(handler) {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const answer = handler(req, body);
      res.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...(answer.headers ?? {}) });
      res.end(answer.body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    uri: `http://127.0.0.1:${server.address().port}`,
    requests,
    async stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** A self-signed certificate for 127.0.0.1 made by openssl: {cert, key, dir}. */
function selfSignedCert() {
  const dir = tempDir();
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
    { stdio: 'ignore' },
  );
  return { cert, key, dir };
}

const clients = [];
/**
 * new mj.Client(options), remembered so closeClients() can close it: a
 * client's kept-alive connections would otherwise hold the dev server's
 * shutdown for its keep-alive timeout.
 */
function newClient(options) {
  const c = new mj.Client(options);
  clients.push(c);
  return c;
}

function closeClients() {
  for (const c of clients.splice(0)) c.close();
}

/** Polls fn() until it returns a truthy value or `ms` passes. */
async function eventually(fn, ms = 15000, every = 50) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, every));
  }
}

module.exports = { mj, findDevServer, newClient, closeClients, startDevServer, startSilentServer, startScriptedServer, selfSignedCert, eventually, tempDir };
