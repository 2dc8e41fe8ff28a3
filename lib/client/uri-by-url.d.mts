/** What `parse` gives: the fields of a URI Socket.IO and engine.io read. */
export type ParsedUri = {
  source: string;
  protocol: string;
  host: string;
  port: string;
  path: string;
  query: string;
  anchor: string;
  queryKey: Record<string, string>;
};
export function parse(text: string): ParsedUri;
