export function encode(object: Record<string, string | number | boolean>): string;
export function decode(query: string): Record<string, string>;
