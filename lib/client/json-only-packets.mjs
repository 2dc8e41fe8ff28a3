// Stands in for socket.io-parser's binary support (binary.js and is-binary.js) in the page's
// bundle, aliased in next.config.mjs. Parley's wire contract is JSON only: the browser never
// sends binary data and the server never sends it any, so the code that splits Blobs and
// ArrayBuffers out of packets and puts them back (about 0.7 kB gzipped) would be dead weight.
// A binary packet that arrived anyway would reach the client's schemas unreconstructed, and
// they refuse it.

/** Whether a frame is raw binary data (the parser checks frames it did not expect). */
export const isBinary = (value) => value instanceof ArrayBuffer || ArrayBuffer.isView(value);

/** No payload of the contract holds binary data: every packet is encoded as JSON. */
export const hasBinary = () => false;

export const deconstructPacket = (packet) => ({ packet, buffers: [] });

export const reconstructPacket = (packet) => packet;
