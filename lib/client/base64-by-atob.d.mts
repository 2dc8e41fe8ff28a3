export function decode(base64: string): ArrayBuffer;
