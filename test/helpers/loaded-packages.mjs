// Preloaded into a server process (`--import`) by tests: records every package the process
// loads (Node's module resolution hook sees each import, ESM and CommonJS from ESM alike) and,
// whenever the process gets SIGUSR2, prints them as one JSON line `{"loadedPackages":[...]}`.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const loaded = new Set();
const { port1, port2 } = new MessageChannel();
port1.unref();
port1.on('message', (message) => {
  if (typeof message === 'string') loaded.add(message);
  // The hooks answer a flush after every name they posted before it (one port keeps order),
  // so the list printed holds every package resolved before the signal.
  else process.stdout.write(`${JSON.stringify({ loadedPackages: [...loaded].sort() })}\n`);
});
register('./loaded-packages-hooks.mjs', import.meta.url, {
  data: { port: port2 },
  transferList: [port2],
});
process.on('SIGUSR2', () => port1.postMessage('flush'));
