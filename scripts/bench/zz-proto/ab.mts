import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
const autocannon = createRequire(import.meta.url)('autocannon');
async function one(mode: string, depth = '2') {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/zz-proto/server.mts', mode, `/tmp/prof/proto-${mode}-${Date.now()}`, depth], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line: string = await new Promise((r) => child.stdout!.once('data', (d) => r(d.toString())));
  const { port } = JSON.parse(line);
  const r: any = await new Promise((res) => autocannon({ url: `http://127.0.0.1:${port}/`, connections: 10, duration: 4 }, (_e: any, x: any) => res(x)));
  child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r));
  console.log(mode, depth, Math.round(r.requests.average), 'p99', r.latency.p99);
}
for (let i = 0; i < 3; i++) { await one('serial'); await one('pipelined', '2'); await one('pipelined', '4'); }
