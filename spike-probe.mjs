import http from 'node:http';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const end = Date.now() + Number(process.argv[3] ?? 30) * 1000;
const t0 = Date.now();
let n = 0; const spikes = [];
while (Date.now() < end) {
  const s = performance.now();
  await new Promise((res, rej) => http.get(process.argv[2], { agent }, (r) => { r.resume(); r.on('end', res); }).on('error', rej));
  const d = performance.now() - s; n++;
  if (d > 15) spikes.push(`${((Date.now() - t0) / 1000).toFixed(1)}s:${d.toFixed(0)}ms`);
}
console.log('requests', n, 'spikes>15ms', spikes.length, spikes.slice(0, 60).join(' '));
