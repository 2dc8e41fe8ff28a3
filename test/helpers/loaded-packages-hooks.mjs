// The resolution hook behind loaded-packages.mjs: runs on Node's loader thread, posts the
// package name of every module resolved inside node_modules, and answers a flush in order.
let port;

export function initialize(data) {
  port = data.port;
  port.on('message', () => port.postMessage({ flushed: true }));
  port.unref();
}

const PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const name = PACKAGE.exec(resolved.url)?.[1];
  if (name !== undefined) port.postMessage(name);
  return resolved;
}
