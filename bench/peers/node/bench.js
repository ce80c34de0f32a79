'use strict';
// Node runner of bench/peers (protocol: ../bench_common.h).
//
//   node bench.js --client sdk|binding --uri URI --op import|refresh
//                 --import-id ID --refresh-id ID [--threads N] [--seconds S]
//                 [--warmup-seconds W] [--calls N]
//
// --client sdk: peer (4), HttpClient.getImportJobProgress({jobId}) of
// @zilliz/milvus2-sdk-node (no refresh call). --client binding: our Node
// binding (MJ_NODE_BINDING = its package directory). "Threads" are N async
// loops on one client in this one event loop. --calls N (for callgrind: a
// fixed amount of work) makes each loop do 10 warm-up calls and then N
// measured calls instead of running for a time.

function parseArgs(argv) {
  const a = { threads: 1, seconds: 3, warmupSeconds: 0.5, calls: 0 };
  for (let i = 2; i + 1 < argv.length; i += 2) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--client') a.client = v;
    else if (k === '--uri') a.uri = v;
    else if (k === '--op') a.op = v;
    else if (k === '--import-id') a.importId = v;
    else if (k === '--refresh-id') a.refreshId = v;
    else if (k === '--threads') a.threads = Number(v);
    else if (k === '--seconds') a.seconds = Number(v);
    else if (k === '--warmup-seconds') a.warmupSeconds = Number(v);
    else if (k === '--calls') a.calls = Number(v);
    else throw new Error(`unknown flag ${k}`);
  }
  if (!a.client || !a.uri || !a.op || !a.importId || !a.refreshId) throw new Error('missing flags');
  return a;
}

function sdkCall(a) {
  if (a.op !== 'import') throw new Error('the Node SDK HttpClient has no refresh-progress call');
  const { HttpClient } = require('@zilliz/milvus2-sdk-node');
  const client = new HttpClient({ endpoint: a.uri });
  return async () => {
    const r = await client.getImportJobProgress({ jobId: a.importId });
    if (r.code !== 0) throw new Error(`getImportJobProgress: ${JSON.stringify(r)}`);
  };
}

function bindingCall(a) {
  const mj = require(process.env.MJ_NODE_BINDING);
  const client = new mj.Client({ uri: a.uri });
  if (a.op === 'import') return async () => client.getImportProgress(a.importId);
  const id = BigInt(a.refreshId);
  return async () => client.getRefreshExternalCollectionProgress(id);
}

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const nowS = () => Number(process.hrtime.bigint()) / 1e9;

async function main() {
  const a = parseArgs(process.argv);
  const call = a.client === 'sdk' ? sdkCall(a) : bindingCall(a);
  let start = nowS() + a.warmupSeconds;
  const stop = start + a.seconds;
  let cpu0 = null;
  const loops = [];
  for (let i = 0; i < a.threads; i++) {
    loops.push(
      (async () => {
        const lat = [];
        if (a.calls > 0) {
          for (let n = 0; n < 10; n++) await call();
          if (cpu0 === null) {
            cpu0 = cpuSeconds();
            start = nowS();
          }
          for (let n = 0; n < a.calls; n++) {
            const t0 = nowS();
            await call();
            lat.push((nowS() - t0) * 1e6);
          }
          return lat;
        }
        while (nowS() < start) await call();
        if (cpu0 === null) cpu0 = cpuSeconds();
        for (;;) {
          const t0 = nowS();
          if (t0 >= stop) break;
          await call();
          lat.push((nowS() - t0) * 1e6);
        }
        return lat;
      })(),
    );
  }
  const results = await Promise.all(loops);
  const cpu1 = cpuSeconds();
  const end = nowS();
  const lat = results.flat().sort((x, y) => x - y);
  const n = lat.length;
  if (n === 0) throw new Error('no call completed');
  process.stdout.write(
    JSON.stringify({
      calls: n,
      elapsed_s: end - start,
      p50_us: lat[Math.floor(n / 2)],
      p99_us: lat[Math.min(n - 1, Math.floor(n * 0.99))],
      cpu_s: cpu1 - cpu0,
      errors: 0,
    }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`node bench: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
