'use strict';
// Production connectivity from Node: mutual TLS, a proxy (tinyproxy on
// loopback), the onLog callback, stats() and per-call headers.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { once } = require('node:events');
const { mj, startDevServer, eventually } = require('./support');

let server;
let dir;

before(async () => {
  dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mj-node-conn-'));
  server = await startDevServer({ extraArgs: ['--request-log', path.join(dir, 'requests.log'), '--token', 'root:node-t0ken-secret'] });
});

after(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('onLog receives each request, failure and connection, without the token', async () => {
  const records = [];
  const c = new mj.Client({ uri: server.uri, token: 'root:node-t0ken-secret', onLog: (r) => records.push(r), logLevel: 'debug' });
  try {
    await c.listImportJobs();
    await assert.rejects(c.getImportProgress('987654321'), mj.NotFoundError);
  } finally {
    c.close();
  }
  await eventually(() => records.some((r) => r.event === 'failed'));
  const events = Object.fromEntries(records.map((r) => [r.event, r.level]));
  assert.equal(events.request, 'info');
  assert.equal(events.failed, 'error');
  assert.equal(events.connection, 'debug');
  for (const r of records) {
    assert.match(r.requestId, /^mj-/);
    assert.match(r.route, /^\/v2\/vectordb\/jobs\//);
    assert.ok(!r.message.includes('node-t0ken-secret'), r.message);
  }
});

test('stats() counts calls; headers go with one call only', async () => {
  const c = new mj.Client({ uri: server.uri, token: 'root:node-t0ken-secret' });
  try {
    assert.equal(c.stats().requests, 0);
    const id = await c.bulkImport({ collectionName: 'quick_setup', files: ['import/rows.json'] });
    const trace = '00-4bf92f3577b34da6a3ce929d0e0e4736-d75597dee50b0cac-01';
    await c.getImportProgress(id, { headers: { traceparent: trace } });
    await c.listImportJobs(undefined, { headers: [`traceparent: ${trace}`] });
    await assert.rejects(c.getImportProgress('2222222'), mj.NotFoundError);
    const st = c.stats();
    assert.equal(st.requests, 4);
    assert.equal(st.attempts, 4);
    assert.equal(st.connectionsOpened + st.connectionsReused, 4);
    assert.deepEqual(st.answers, { MJ_OK: 3, MJ_ENOT_FOUND: 1 });
    assert.ok(st.bytesSent > 0 && st.bytesReceived > 0);
    const log = fs.readFileSync(path.join(dir, 'requests.log'), 'utf8');
    assert.equal(log.split(trace).length - 1, 2, log);
    await assert.rejects(c.listImportJobs(undefined, { headers: { traceparent: 'a\r\nX: y' } }), mj.InvalidArgumentError);
  } finally {
    c.close();
  }
});

function openssl(...args) {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

test('mutual TLS and the server name', async () => {
  const d = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mj-node-pki-'));
  const p = (f) => path.join(d, f);
  try {
    for (const ca of ['ca', 'other-ca']) {
      openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${ca}`, '-keyout', p(`${ca}.key`), '-out', p(`${ca}.pem`));
    }
    fs.writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:milvus.test\n');
    fs.writeFileSync(p('client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const [name, ca, ext] of [['server', 'ca', 'server.ext'], ['client', 'ca', 'client.ext'], ['stranger', 'other-ca', 'client.ext']]) {
      openssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`));
      openssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${ca}.pem`), '-CAkey', p(`${ca}.key`), '-CAcreateserial', '-days', '2',
        '-extfile', p(ext), '-out', p(`${name}.pem`));
    }
    const tls = await startDevServer({ tlsCert: p('server.pem'), tlsKey: p('server.key'), extraArgs: ['--tls-client-ca', p('ca.pem')] });
    try {
      const base = { uri: tls.uri, tlsCaFile: p('ca.pem') };
      const ok = new mj.Client({ ...base, tlsClientCertFile: p('client.pem'), tlsClientKeyFile: p('client.key'), tlsServerName: 'milvus.test' });
      await ok.listImportJobs();
      ok.close();
      for (const [opts, want] of [
        [{}, /requires a client certificate/],
        [{ tlsClientCertFile: p('stranger.pem'), tlsClientKeyFile: p('stranger.key') }, /refused the client certificate/],
        [{ tlsClientCertFile: p('client.pem'), tlsClientKeyFile: p('client.key'), tlsServerName: 'other.test' }, /does not name/],
      ]) {
        const c = new mj.Client({ ...base, ...opts });
        await assert.rejects(c.listImportJobs(), (e) => e instanceof mj.TlsError && want.test(e.message));
        c.close();
      }
    } finally {
      await tls.stop();
    }
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

test('a proxy with credentials that never show', async () => {
  const d = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'mj-node-proxy-'));
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = probe.address().port;
  probe.close();
  fs.writeFileSync(path.join(d, 'tp.conf'),
    `Port ${port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 16\nLogFile "${path.join(d, 'tp.log')}"\nAllow 127.0.0.1\nBasicAuth nd n0de-proxy-pw\n`);
  const proxy = spawn('tinyproxy', ['-d', '-c', path.join(d, 'tp.conf')], { stdio: 'ignore' });
  try {
    await eventually(() => new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    }));
    const ok = new mj.Client({ uri: server.uri, token: 'root:node-t0ken-secret', proxy: `http://nd:n0de-proxy-pw@127.0.0.1:${port}` });
    await ok.listImportJobs();
    ok.close();
    const bad = new mj.Client({ uri: server.uri, token: 'root:node-t0ken-secret', proxy: `http://nd:wr0ng-pw@127.0.0.1:${port}` });
    await assert.rejects(bad.listImportJobs(), (e) => e instanceof mj.TransportError && /wants credentials/.test(e.message) && !e.message.includes('wr0ng-pw'));
    bad.close();
  } finally {
    proxy.kill('SIGTERM');
    await once(proxy, 'exit');
    fs.rmSync(d, { recursive: true, force: true });
  }
});
